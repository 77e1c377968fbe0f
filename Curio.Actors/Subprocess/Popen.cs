using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Curio.Actors;

/// <summary>
/// A running child process (Curio's <c>subprocess.Popen</c>), made by <c>Subprocess.Popen</c>. Piped
/// streams are <see cref="SubprocessStream"/>s that tasks read and write. <c>await using</c> closes the streams and
/// then waits for the child to exit (Curio's <c>async with</c>).
/// </summary>
public sealed class Popen : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _exited;
    private int _disposed;

    internal Popen(Process process, IReadOnlyList<string> args, bool pipeIn, bool pipeOut, bool pipeErr)
    {
        _process = process;
        Args = args;
        Pid = process.Id;
        _exited = process.WaitForExitAsync();
        if (pipeIn) Stdin = new SubprocessStream(process.StandardInput.BaseStream, readable: false, "stdin");
        if (pipeOut) Stdout = new SubprocessStream(process.StandardOutput.BaseStream, readable: true, "stdout");
        if (pipeErr) Stderr = new SubprocessStream(process.StandardError.BaseStream, readable: true, "stderr");
    }

    /// <summary>Completes when the child has exited.</summary>
    internal Task Exited => _exited;

    /// <summary>The arguments the child was started with.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>The child's process id.</summary>
    public int Pid { get; }

    /// <summary>The child's standard input when piped, else null.</summary>
    public SubprocessStream? Stdin { get; }

    /// <summary>The child's standard output when piped, else null.</summary>
    public SubprocessStream? Stdout { get; }

    /// <summary>The child's standard error when piped, else null.</summary>
    public SubprocessStream? Stderr { get; }

    /// <summary>
    /// The exit code once the child has exited, else null (Python's <c>returncode</c>). On Unix a child killed by a
    /// signal reports 128 + the signal number (137 after <see cref="Kill"/>, 143 after <see cref="Terminate"/>),
    /// where Python reports the negative signal number.
    /// </summary>
    public int? ReturnCode => Poll();

    /// <summary>The exit code if the child has exited, else null, without blocking (Python's <c>poll</c>).</summary>
    public int? Poll() => _exited.IsCompleted ? _process.ExitCode : null;

    /// <summary>
    /// Waits for the child to exit and returns its exit code (Curio's <c>wait</c>). A cancellation point; cancelling
    /// it does not kill the child.
    /// </summary>
    public async ValueTask<int> WaitAsync()
    {
        if (!_exited.IsCompleted) await Async.Await(_exited);
        return _process.ExitCode;
    }

    /// <summary>
    /// Writes <paramref name="input"/> to stdin and closes it, while reading stdout and stderr to their ends at the
    /// same time (so full pipes never deadlock), then waits for the exit; returns the output (empty arrays for
    /// streams that are not piped). On cancellation the child is not killed (Curio): the output read so far is on the
    /// exception's <see cref="CancelledError.Stdout"/> and <see cref="CancelledError.Stderr"/>, and what the child
    /// writes afterwards remains readable from the streams.
    /// </summary>
    public async ValueTask<(byte[] Stdout, byte[] Stderr)> CommunicateAsync(ReadOnlyMemory<byte> input = default)
    {
        CurioTask.Require(nameof(CommunicateAsync));
        if (!input.IsEmpty && Stdin is null) throw new InvalidOperationException("CommunicateAsync was given input, but the child's stdin is not a pipe (use stdin: Stdio.Pipe).");
        var pump = new object();
        var jobs = new List<Task>(3);
        Stdout?.EnterPump(pump);
        try { Stderr?.EnterPump(pump); }
        catch
        {
            Stdout?.ExitPump(pump);
            throw;
        }
        try
        {
            if (Stdout is not null) jobs.Add(Stdout.PumpAsync(pump));
            if (Stderr is not null) jobs.Add(Stderr.PumpAsync(pump));
            if (Stdin is { IsClosed: false } stdin) jobs.Add(stdin.WriteAllAndCloseAsync(input));
            var all = Task.WhenAll(jobs);
            if (!all.IsCompleted) await Async.Await(all);
            else await all;
            await WaitAsync();
        }
        catch (CancelledError e)
        {
            e.Stdout = Stdout?.TakeBuffered() ?? [];
            e.Stderr = Stderr?.TakeBuffered() ?? [];
            throw;
        }
        finally
        {
            Stdout?.ExitPump(pump);
            Stderr?.ExitPump(pump);
        }
        return (Stdout?.TakeBuffered() ?? [], Stderr?.TakeBuffered() ?? []);
    }

    /// <summary>
    /// After a kill: reads what is left on stdout and stderr until they close (at most <paramref name="limit"/>, in
    /// case something outside the killed tree holds them), and waits for the exit. Not a cancellation point.
    /// </summary>
    internal async Task<(byte[] Stdout, byte[] Stderr)> DrainAsync(TimeSpan limit)
    {
        var pump = new object();
        Stdout?.EnterPump(pump);
        Stderr?.EnterPump(pump);
        try
        {
            var jobs = new List<Task> { _exited };
            if (Stdout is not null) jobs.Add(Stdout.PumpAsync(pump));
            if (Stderr is not null) jobs.Add(Stderr.PumpAsync(pump));
            var all = Task.WhenAll(jobs);
            await Task.WhenAny(all, Task.Delay(limit));
            _ = all.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        finally
        {
            Stdout?.ExitPump(pump);
            Stderr?.ExitPump(pump);
        }
        return (Stdout?.TakeBuffered() ?? [], Stderr?.TakeBuffered() ?? []);
    }

    /// <summary>Asks the child to stop: SIGTERM on Unix, a kill on Windows (Python's <c>terminate</c>). A no-op once it has exited.</summary>
    public void Terminate()
    {
        if (_exited.IsCompleted) return;
        if (OperatingSystem.IsWindows())
        {
            Kill();
            return;
        }
        if (SysKill(Pid, 15) != 0 && !_exited.IsCompleted)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Could not send SIGTERM to process {Pid}.");
    }

    /// <summary>
    /// Kills the child at once with SIGKILL, on Windows TerminateProcess (Python's <c>kill</c>). A no-op once it has
    /// exited. Only the child: what it started lives on (as in Python), though <see cref="Subprocess.Run"/> kills those
    /// too on a cancel or timeout.
    /// </summary>
    public void Kill()
    {
        if (_exited.IsCompleted) return;
        try { _process.Kill(); }
        catch (InvalidOperationException) { } // exited meanwhile
        catch (Win32Exception) when (_process.HasExited) { }
    }

    /// <summary>
    /// Kills the child and every process it started, on the thread pool: .NET finds the tree by reading all of
    /// /proc, which takes tens of milliseconds on a busy machine and must not hold a kernel's strand.
    /// </summary>
    internal Task KillTreeAsync() => _exited.IsCompleted ? Task.CompletedTask : Task.Run(() =>
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (Win32Exception) when (_process.HasExited) { }
    });

    /// <summary>
    /// Closes the child's pipes, then waits for it to exit (Curio's <c>async with</c>), then releases the process
    /// handle. A cancellation point while it waits; outside a task it closes and releases without waiting.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (Stdin is not null) await Stdin.CloseAsync();
            Stdout?.CloseNow();
            Stderr?.CloseNow();
            if (CurioTask.Current is not null) await WaitAsync();
        }
        finally
        {
            if (_exited.IsCompleted) _process.Dispose();
            else _ = _exited.ContinueWith(_ => _process.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>Closes the pipes and releases the handle once the child has exited, without waiting here.</summary>
    internal void Release()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Stdin?.CloseNow();
        Stdout?.CloseNow();
        Stderr?.CloseNow();
        if (_exited.IsCompleted) _process.Dispose();
        else _ = _exited.ContinueWith(_ => _process.Dispose(), TaskScheduler.Default);
    }

    /// <inheritdoc />
    public override string ToString() => $"Popen(pid={Pid}, args=[{string.Join(' ', Args)}], returncode={Poll()?.ToString() ?? "None"})";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
