using System.Runtime.CompilerServices;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// The worker pools of each kernel, created on first use and closed when the kernel actor stops (a kernel's
/// shutdown also waits, through <see cref="CloseAsync"/>, until its worker processes are reaped). Attached with a
/// weak table, so the kernel core needs no field for them.
/// </summary>
internal static class KernelWorkers
{
    private static readonly ConditionalWeakTable<KernelCore, ThreadWorkerPool> s_threads = new();
    private static readonly ConditionalWeakTable<KernelCore, ProcessWorkerPool> s_processes = new();

    internal static ThreadWorkerPool Threads(KernelCore core) =>
        s_threads.GetValue(core, c => CloseWith(c, new ThreadWorkerPool(Workers.MaxWorkerThreads), p => p.Close()));

    internal static ProcessWorkerPool Processes(KernelCore core) =>
        s_processes.GetValue(core, c => CloseWith(c, new ProcessWorkerPool(Workers.MaxWorkerProcesses), p => p.CloseAsync()));

    /// <summary>Closes the kernel's pools; completes once every worker process they started is killed and reaped.</summary>
    internal static Task CloseAsync(KernelCore core)
    {
        if (s_threads.TryGetValue(core, out var threads)) threads.Close();
        return s_processes.TryGetValue(core, out var processes) ? processes.CloseAsync() : Task.CompletedTask;
    }

    /// <summary>The process pool of a kernel if it has one (for tests and diagnostics).</summary>
    internal static ProcessWorkerPool? ProcessesIfAny(KernelCore core) => s_processes.TryGetValue(core, out var p) ? p : null;

    /// <summary>The thread pool of a kernel if it has one.</summary>
    internal static ThreadWorkerPool? ThreadsIfAny(KernelCore core) => s_threads.TryGetValue(core, out var p) ? p : null;

    private static TPool CloseWith<TPool>(KernelCore core, TPool pool, Action<TPool> close)
    {
        core.Stopped.ContinueWith(_ => close(pool), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return pool;
    }
}
