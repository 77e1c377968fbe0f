using System.Text;
using Curio.Actors.Tests.Workers;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Subprocess;

public class SubprocessSpecs : WorkerSpec
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
    private static string T(byte[] b) => Encoding.UTF8.GetString(b);
    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"curio-sub-{Guid.NewGuid():N}");
    private static int ReadPid(string path) => int.Parse(File.ReadAllText(path).Trim());
    private bool Written(string path) => File.Exists(path) && File.ReadAllText(path).EndsWith('\n');

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task CheckOutput_returns_stdout(SchedulingMode mode)
    {
        var kernel = NewKernel(mode, virtualTime: false);
        var output = await RunIn(kernel, () => Curio.Actors.Subprocess.CheckOutput(["printf", "%s-%s", "cmd", "arg1"]));
        Assert.Equal("cmd-arg1", T(output));
    }

    [Fact]
    public async Task CheckOutput_raises_CalledProcessError_with_code_and_output()
    {
        var kernel = NewKernel(virtualTime: false);
        var e = await Assert.ThrowsAsync<CalledProcessError>(() => RunIn(kernel, () =>
            Curio.Actors.Subprocess.CheckOutput(["sh", "-c", "printf out; printf err >&2; exit 3"], stderr: Stdio.Pipe)));
        Assert.Equal(3, e.ReturnCode);
        Assert.Equal("out", T(e.Output));
        Assert.Equal("err", T(e.Stderr));
        Assert.Equal(["sh", "-c", "printf out; printf err >&2; exit 3"], e.Args);
        Assert.IsAssignableFrom<CurioError>(e);
    }

    [Fact]
    public async Task Run_returns_a_CompletedProcess_and_handles_shell_and_redirections()
    {
        var kernel = NewKernel(virtualTime: false);
        var (plain, merged, quiet) = await RunIn(kernel, async () =>
            (await Curio.Actors.Subprocess.Run(["exit 4"], shell: true),
             await Curio.Actors.Subprocess.Run(["sh", "-c", "echo out; echo err >&2"], stdout: Stdio.Pipe, stderr: Stdio.Stdout),
             await Curio.Actors.Subprocess.Run(["sh", "-c", "echo out; echo err >&2"], stdout: Stdio.DevNull, stderr: Stdio.Pipe)));
        Assert.Equal(4, plain.ReturnCode);
        Assert.Empty(plain.Stdout);
        Assert.Equal("out\nerr\n", T(merged.Stdout));
        Assert.Empty(quiet.Stdout);
        Assert.Equal("err\n", T(quiet.Stderr));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Several_MB_through_stdin_stdout_and_stderr_at_once_never_deadlock(SchedulingMode mode)
    {
        var kernel = NewKernel(mode, virtualTime: false);
        var input = new byte[5_000_000];
        new Random(7).NextBytes(input);
        // cat echoes while a background job floods stderr: every pipe is full at some point.
        var r = await RunIn(kernel, () => Curio.Actors.Subprocess.Run(
            ["sh", "-c", "(yes err 2>/dev/null | head -c 4000000 >&2) & cat; wait"], input, Stdio.Pipe, Stdio.Pipe, check: true));
        Assert.Equal(input, r.Stdout);
        Assert.Equal(4_000_000, r.Stderr.Length);
        Assert.All(T(r.Stderr[..4000]).Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("err", l));
    }

    [Fact]
    public async Task The_howto_Popen_example_writes_stdin_and_reads_stdout_as_streams()
    {
        var kernel = NewKernel(virtualTime: false);
        var (resp, rest, code) = await RunIn(kernel, async () =>
        {
            await using var p = Curio.Actors.Subprocess.Popen(["cat"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
            await p.Stdin!.WriteAsync(B("Some data"));
            var r = await p.Stdout!.ReadAsync(4);           // a read returns at most maxsize bytes
            var more = new List<byte>();
            await p.Stdin.WriteAsync(B("\nmore\n"));
            await p.Stdin.CloseAsync();
            while (await p.Stdout.ReadAsync() is { Length: > 0 } chunk) more.AddRange(chunk);
            return (r, more.ToArray(), await p.WaitAsync());
        });
        Assert.Equal("Some", T(resp));
        Assert.Equal(" data\nmore\n", T(rest));
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Lines_come_from_ReadLineAsync_and_await_foreach()
    {
        var kernel = NewKernel(virtualTime: false);
        var (first, lines, after) = await RunIn(kernel, async () =>
        {
            await using var p = Curio.Actors.Subprocess.Popen(["printf", "one\\ntwo\\nthree\\nrest"], stdout: Stdio.Pipe);
            var l1 = await p.Stdout!.ReadLineAsync();
            var all = new List<string>();
            await foreach (var line in p.Stdout) all.Add(T(line));
            return (T(l1), all, await p.Stdout.ReadLineAsync());
        });
        Assert.Equal("one\n", first);
        Assert.Equal(["two\n", "three\n", "rest"], lines);
        Assert.Empty(after);
    }

    [Fact]
    public async Task A_cancelled_read_loses_nothing_and_the_next_read_gets_the_data()
    {
        var kernel = NewKernel(virtualTime: false);
        await using var p = Curio.Actors.Subprocess.Popen(["cat"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
        var reader = kernel.Spawn(async () => { await p.Stdout!.ReadAsync(); });
        Until(() => reader.State == "FUTURE_WAIT");
        await reader.CancelAsync().AsTask().WaitAsync(Limit);
        Assert.IsType<TaskCancelled>(reader.Exception);
        var got = await RunIn(kernel, async () =>
        {
            await p.Stdin!.WriteAsync(B("xyz"));
            await p.Stdin.CloseAsync();
            return await p.Stdout!.ReadAllAsync();
        });
        Assert.Equal("xyz", T(got));
    }

    [Fact]
    public async Task A_cancelled_write_reports_BytesWritten_and_a_second_reader_is_refused()
    {
        var kernel = NewKernel(virtualTime: false);
        var p = Curio.Actors.Subprocess.Popen(["sleep", "30"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
        try
        {
            var writer = kernel.Spawn(async () => { await p.Stdin!.WriteAsync(new byte[4_000_000]); });
            Until(() => writer.State == "FUTURE_WAIT");
            await writer.CancelAsync().AsTask().WaitAsync(Limit);
            var e = Assert.IsType<TaskCancelled>(writer.Exception);
            Assert.True(e.BytesWritten > 0 && e.BytesWritten < 4_000_000, $"BytesWritten {e.BytesWritten}");
            Assert.Equal(0, e.BytesWritten % (64 * 1024));

            var r1 = kernel.Spawn(async () => { await p.Stdout!.ReadAsync(); });
            Until(() => r1.State == "FUTURE_WAIT");
            var busy = await Assert.ThrowsAsync<InvalidOperationException>(() => RunIn(kernel, async () => await p.Stdout!.ReadAsync()));
            Assert.Contains("another task", busy.Message);
            await r1.CancelAsync().AsTask().WaitAsync(Limit);
        }
        finally
        {
            p.Kill();
        }
        Until(() => !Alive(p.Pid));
    }

    [Fact]
    public async Task Wait_terminate_and_kill_give_the_exit_codes()
    {
        var kernel = NewKernel(virtualTime: false);
        var (polled, terminated, killed) = await RunIn(kernel, async () =>
        {
            await using var a = Curio.Actors.Subprocess.Popen(["sleep", "30"]);
            await using var b = Curio.Actors.Subprocess.Popen(["sleep", "30"]);
            var before = a.Poll();
            a.Terminate();
            b.Kill();
            return (before, await a.WaitAsync(), await b.WaitAsync());
        });
        Assert.Null(polled);
        Assert.Equal(143, terminated);
        Assert.Equal(137, killed);
    }

    [Fact]
    public async Task Communicate_cancelled_attaches_the_output_so_far_and_does_not_kill()
    {
        var kernel = NewKernel(virtualTime: false);
        var p = Curio.Actors.Subprocess.Popen(["sh", "-c", "printf partial; printf oops >&2; exec sleep 30"], stdout: Stdio.Pipe, stderr: Stdio.Pipe);
        try
        {
            var t = kernel.Spawn(async () => { await p.CommunicateAsync(); });
            Until(() => p.Stdout!.Buffered == 7 && p.Stderr!.Buffered == 4);
            await t.CancelAsync().AsTask().WaitAsync(Limit);
            var e = Assert.IsType<TaskCancelled>(t.Exception);
            Assert.Equal("partial", T(e.Stdout!));
            Assert.Equal("oops", T(e.Stderr!));
            Assert.Null(p.Poll()); // Curio: communicate does not kill
        }
        finally { p.Kill(); }
        Until(() => !Alive(p.Pid));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_timeout_kills_the_child_and_its_children_and_reports_partial_output(SchedulingMode mode)
    {
        var kernel = NewKernel(mode); // virtual time: the timeout fires when the test says
        var ready = TempFile();
        try
        {
            var t = kernel.Spawn(async () => await TimeoutAfter(S(10), () =>
                Curio.Actors.Subprocess.CheckOutput(["sh", "-c", $"printf partial; printf warn >&2; sleep 30 & echo $$ > {ready}; echo $! >> {ready}; wait"], stderr: Stdio.Pipe)));
            Until(() => File.Exists(ready) && File.ReadAllLines(ready).Length == 2);
            var pids = File.ReadAllLines(ready).Select(int.Parse).ToArray();
            AdvanceWhenParkedIn(t, "FUTURE_WAIT", S(11));
            var e = await Assert.ThrowsAsync<TaskTimeout>(() => t.Completion.WaitAsync(Limit));
            Assert.Equal("partial", T(e.Stdout!));
            Assert.Equal("warn", T(e.Stderr!));
            foreach (var pid in pids) Until(() => !Alive(pid)); // the shell and its background sleep: none left
        }
        finally { File.Delete(ready); }
    }

    [Fact]
    public async Task Cancelling_Run_kills_the_child()
    {
        var kernel = NewKernel(virtualTime: false);
        var ready = TempFile();
        try
        {
            var t = kernel.Spawn(async () => await Curio.Actors.Subprocess.Run(["sh", "-c", $"echo $$ > {ready}; exec sleep 30"], stdout: Stdio.Pipe));
            Until(() => Written(ready));
            var pid = ReadPid(ready);
            await t.CancelAsync().AsTask().WaitAsync(Limit);
            var e = Assert.IsType<TaskCancelled>(t.Exception);
            Assert.Empty(e.Stdout!);
            Until(() => !Alive(pid));
        }
        finally { File.Delete(ready); }
    }

    [Fact]
    public async Task A_missing_program_gives_a_clear_error()
    {
        var kernel = NewKernel(virtualTime: false);
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => RunIn(kernel, () => Curio.Actors.Subprocess.CheckOutput(["no-such-program-curio"])));
        Assert.Contains("no-such-program-curio", e.Message);
    }
}
