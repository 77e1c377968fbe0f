using System.ComponentModel;
using System.Diagnostics;
using Curio.Actors.Worker;

namespace Curio.Actors;

/// <summary>
/// One worker process: the library's own host (Curio.Actors.Worker.dll) started with <c>dotnet exec</c> by the
/// <see cref="WorkerLauncher"/>, talking length-prefixed frames over its stdin and stdout. Its stderr is a pipe of
/// ours, copied to the program's stderr, so what user code prints shows. Nothing here blocks its caller: the start,
/// the kill and the reaping run on other threads.
/// </summary>
internal sealed class ProcessWorker : PoolWorker
{
    // A SIGKILLed process is reaped at once; the bound only keeps a close from waiting on a process stuck in the OS.
    private static readonly TimeSpan s_reapLimit = TimeSpan.FromSeconds(5);
    private static readonly Lazy<Stream> s_stderr = new(Console.OpenStandardError);
    private readonly Task<Process> _started;
    private readonly Task<Process> _ready;
    private readonly TaskCompletionSource _reaped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _killed;

    private ProcessWorker(Task<Process> started)
    {
        _started = started;
        _ready = GreetAsync();
        _ = _ready.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Completes once the process was killed (see <see cref="Kill"/>) and reaped.</summary>
    internal Task Reaped => _reaped.Task;

    /// <summary>Starts a worker process in the background and returns at once; it is ready once <see cref="ReadyAsync"/> completes.</summary>
    internal static ProcessWorker Start() => new(WorkerLauncher.StartAsync());

    /// <summary>Completes when the worker has greeted (its runtime is up and it reads requests).</summary>
    internal Task ReadyAsync() => _ready;

    private async Task<Process> GreetAsync()
    {
        var process = await _started.ConfigureAwait(false);
        _ = CopyStderrAsync(process.StandardError.BaseStream);
        if (await WorkerFrames.ReadAsync(process.StandardOutput.BaseStream).ConfigureAwait(false) is null)
            throw new EndOfStreamException("The worker process closed its output during start-up.");
        return process;
    }

    private static async Task CopyStderrAsync(Stream from)
    {
        try { await from.CopyToAsync(s_stderr.Value).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { } // the worker is gone, or our stderr is
    }

    /// <summary>Sends one request and returns the response frame. Throws if the process dies meanwhile.</summary>
    internal async Task<byte[]> CallAsync(byte[] request)
    {
        var process = await _ready.ConfigureAwait(false);
        await WorkerFrames.WriteAsync(process.StandardInput.BaseStream, request).ConfigureAwait(false);
        return await WorkerFrames.ReadAsync(process.StandardOutput.BaseStream).ConfigureAwait(false)
            ?? throw new EndOfStreamException("The worker process closed its output.");
    }

    /// <summary>The error for a call whose worker died: its pid and exit code, with the pipe error inside.</summary>
    internal async Task<BrokenWorkerError> DiedError(string what, Exception pipeError)
    {
        if (!_started.IsCompletedSuccessfully) return pipeError as BrokenWorkerError ?? new BrokenWorkerError($"The worker process for {what} could not start: {pipeError.Message}", pipeError);
        var process = _started.Result;
        string status;
        try
        {
            using var wait = new CancellationTokenSource(s_reapLimit);
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            status = $"exited with code {process.ExitCode}";
        }
        catch (OperationCanceledException) { status = "stopped answering"; }
        catch (InvalidOperationException) { status = "exited"; }
        return new BrokenWorkerError($"The worker process (pid {process.Id}) running {what} {status}; the pool starts a fresh one for the next call.", pipeError);
    }

    /// <summary>
    /// Kills the worker and reaps it, on the thread pool: returns at once (it is called on a kernel's strand, under
    /// the pool's lock). A plain SIGKILL of the process started here, once it has started; never a walk of the
    /// process tree, whose SIGSTOP could leave a worker stopped for ever if the program exited half-way.
    /// </summary>
    internal void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0) return;
        _ = Task.Run(KillAndReapAsync);
    }

    private async Task KillAndReapAsync()
    {
        try
        {
            Process process;
            try { process = await _started.ConfigureAwait(false); }
            catch (BrokenWorkerError) { return; } // never started: nothing to kill
            try { process.Kill(); }
            catch (InvalidOperationException) { } // already exited
            catch (Win32Exception) { }
            using (var wait = new CancellationTokenSource(s_reapLimit))
            {
                try { await process.WaitForExitAsync(wait.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            process.Dispose();
        }
        finally
        {
            _reaped.TrySetResult();
        }
    }
}
