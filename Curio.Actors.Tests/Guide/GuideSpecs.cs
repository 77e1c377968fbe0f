using System.Text.RegularExpressions;
using Akka.TestKit;
using Curio.Actors;
using GuideExamples;

namespace Curio.Actors.Tests.Guide;

/// <summary>The guide's snippets run and do what the pages say (virtual time unless they use threads, processes or sockets).</summary>
public class GuideSpecs : KernelSpec
{
    [Fact]
    public void Getting_started_prints_the_childs_answer() => Assert.Equal(42, GuideSnippets.GettingStarted());

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancel_lands_at_the_parked_Sleep_and_CancelAsync_waits_for_the_end(SchedulingMode mode)
    {
        var log = new List<string>();
        await RunIn(NewKernel(mode), async () => { await GuideSnippets.Cancel(log); return 0; });
        Assert.Equal(["worker: cancelled at its Sleep", "worker cancelled: True"], log);
        Assert.Equal(S(1), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_shielded_block_finishes_and_the_cancel_lands_at_the_next_blocking_call(SchedulingMode mode)
    {
        var log = new List<string>();
        await RunIn(NewKernel(mode), async () => { await GuideSnippets.Shield(log); return 0; });
        Assert.Equal(["saved", "saver: TaskCancelled"], log);
        Assert.Equal(S(2), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task TimeoutAfter_raises_and_IgnoreAfter_returns(SchedulingMode mode)
    {
        var (first, second) = await RunIn(NewKernel(mode), GuideSnippets.Timeouts);
        Assert.Equal("timed out", first);
        Assert.Equal("data", second);
        Assert.Equal(S(1.5), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Inner_timeouts_retry_until_the_outer_limit(SchedulingMode mode)
    {
        Assert.Equal(4, await RunIn(NewKernel(mode), GuideSnippets.NestedTimeouts));   // at 0, 3, 6 and 9 s
        Assert.Equal(S(10), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Group_snippets_give_their_typed_results(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        Assert.Equal([1, 4, 9], await RunIn(k, GuideSnippets.Groups));
        Assert.Equal(S(3), Time.Elapsed);
        Assert.Equal("fast mirror", await RunIn(k, GuideSnippets.GroupAny));
        Assert.Equal(S(3 + 1), Time.Elapsed);
        Assert.Equal(3, await RunIn(k, GuideSnippets.GroupOfExisting));
        Assert.Equal(S(3 + 1 + 2), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Sync_and_queue_snippets_do_what_their_comments_say(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        Assert.Equal(["got 0", "got 1", "got 2"], await RunIn(k, GuideSnippets.Queues));
        Assert.Equal(10, await RunIn(k, GuideSnippets.Locks));
        Assert.True(await RunIn(k, GuideSnippets.Events));
    }

    [Fact]
    public async Task Threads_processes_subprocesses_and_sockets_work_on_real_time()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "file text");
            var k = NewKernel(virtualTime: false);
            Assert.Equal(("file text", 832040), await RunIn(k, () => GuideSnippets.ThreadsAndProcesses(path)));
            Assert.Equal("hello from a child process", await RunIn(k, GuideSnippets.Subprocesses));
            Assert.Equal("ping", await RunIn(k, GuideSnippets.EchoOnce));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Observe_lists_live_tasks_and_notifies_the_monitor_of_the_end()
    {
        var k = NewKernel();
        var probe = CreateTestProbe();
        GuideSnippets.Observe(k, probe.Ref);
        var done = probe.ExpectMsg<TaskCompleted>(Limit);
        Assert.Equal("done", done.Result);
        Assert.Null(done.Exception);
        await Task.CompletedTask;
    }

    [Fact]
    public void Options_name_the_kernel_actor()
    {
        var k = Kernel.Create(Sys, GuideSnippets.Options());
        Assert.Matches("^orders-[0-9]+$", k.KernelActor.Path.Name);
        Assert.Equal(SchedulingMode.Parallel, k.Options.Scheduling);
    }
}

/// <summary>
/// Every ```csharp block of docs/guide is a snippet region of this project's code (so it compiles, and GuideSpecs
/// runs most of them): the block follows a line <c>&lt;!-- snippet: NAME --&gt;</c> and has the region's text.
/// </summary>
public class GuideDocsSpec
{
    private static readonly string s_root = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "CurioActors.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("CurioActors.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>NAME -> the region's lines, dedented, from every .cs file of this project.</summary>
    private static Dictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(s_root, "Curio.Actors.Tests"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var m = Regex.Match(lines[i], @"^\s*// snippet: ([\w-]+)\s*$");
                if (!m.Success) continue;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "// end snippet");
                Assert.True(end > i, $"{file}: snippet {m.Groups[1].Value} has no end");
                regions.Add(m.Groups[1].Value, Dedent(lines[(i + 1)..end]));
            }
        }
        return regions;
    }

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(s_root, "docs", "guide"), "*.md").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_csharp_block_is_a_compiled_snippet(string page)
    {
        var regions = Regions();
        var lines = File.ReadAllLines(Path.Combine(s_root, "docs", "guide", page));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            var marker = i > 0 ? Regex.Match(lines[i - 1], @"^<!-- snippet: ([\w-]+) -->$") : Match.Empty;
            Assert.True(marker.Success, $"{page}:{i + 1}: a csharp block without a '<!-- snippet: NAME -->' line before it");
            var name = marker.Groups[1].Value;
            Assert.True(regions.TryGetValue(name, out var code), $"{page}:{i + 1}: no '// snippet: {name}' region in Curio.Actors.Tests");
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            Assert.Equal(code, string.Join("\n", lines[(i + 1)..end]));
        }
    }

    [Fact]
    public void The_guide_index_lists_every_page_in_reading_order()
    {
        var index = File.ReadAllText(Path.Combine(s_root, "docs", "guide", "README.md"));
        var pages = Directory.EnumerateFiles(Path.Combine(s_root, "docs", "guide"), "??-*.md").Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(pages);
        var positions = pages.Select(p => index.IndexOf($"({p})", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }
}
