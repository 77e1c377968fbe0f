using System.Diagnostics;

namespace Curio.Actors.Tests.Diagnostics;

/// <summary>
/// The monitor's client (tools/Monitor) as a person uses it: started in a terminal (a detached tmux session on a
/// private tmux server), `ps` typed at its prompt, the screen read back. Needs tmux; without it the spec says so and
/// checks nothing.
/// </summary>
public class MonitorClientTmuxSpecs : KernelSpec
{
    [Fact]
    public async Task Typing_ps_into_the_client_in_a_terminal_shows_the_task_table()
    {
        if (Tmux("-V") is null)
        {
            Console.WriteLine("tmux is not installed: the monitor client's terminal check did not run");
            return;
        }
        var k = NewKernel(virtualTime: false);
        var evt = new Event();
        var waiter = k.Spawn(evt.WaitAsync, name: "tmux-waiter");
        AwaitCondition(() => waiter.State == "EVENT_WAIT", Limit);
        using var monitor = KernelMonitor.Start(k, port: 0);
        var server = $"curio-spec-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Assert.NotNull(Tmux($"-L {server} new-session -d -s m -x 150 -y 40 \"dotnet {ClientDll()} -p {monitor.EndPoint.Port}\""));
            Screen(server, s => s.Contains("Curio Monitor: 1 tasks running") && s.TrimEnd().EndsWith("curio >", StringComparison.Ordinal));
            Tmux($"-L {server} send-keys -t m ps Enter");
            var screen = Screen(server, s => s.Contains("tmux-waiter"));
            var lines = screen.Split('\n').Select(l => l.TrimEnd()).ToList();
            Assert.Contains("Task   State        Cycles     Timeout Sleep   Task", lines);
            Assert.Contains($"{waiter.Id,-6} {"EVENT_WAIT",-12} {1,-10} {"None",-7} {"None",-7} tmux-waiter", lines);
            Tmux($"-L {server} send-keys -t m quit Enter");
        }
        finally
        {
            Tmux($"-L {server} kill-server");
        }
        evt.Set();
        await waiter.Completion.WaitAsync(Limit);
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    /// <summary>The pane's text once <paramref name="ready"/> holds (the TestKit's bounded polling), else the spec fails.</summary>
    private string Screen(string server, Func<string, bool> ready)
    {
        string? seen = null;
        AwaitCondition(() => (seen = Tmux($"-L {server} capture-pane -p -t m")) is { } s && ready(s), Limit, TimeSpan.FromMilliseconds(100),
            "the monitor client's screen");
        return seen!;
    }

    /// <summary>Runs tmux with the arguments (a shell word list), within 10 s; its output, or null if it failed or is missing.</summary>
    private static string? Tmux(string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("sh", ["-c", "tmux " + args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(10_000))
            {
                p.Kill(entireProcessTree: true);
                return null;
            }
            return p.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string ClientDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory); // Curio.Actors.Tests/bin/<Configuration>/net10.0/
        var config = dir.Parent!.Name;
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CurioActors.sln"))) dir = dir.Parent;
        var dll = Path.Combine(dir!.FullName, "tools", "Monitor", "bin", config, "net10.0", "curio-monitor.dll");
        Assert.True(File.Exists(dll), $"the monitor client is not built: {dll}");
        return dll;
    }
}
