namespace Curio.Actors;

/// <summary>
/// Settings of the worker pools behind <see cref="Async.RunInThread{T}(Func{T})"/> and
/// <see cref="Async.RunInProcess{TResult}(Func{TResult})"/> (Curio's <c>MAX_WORKER_THREADS</c> and
/// <c>MAX_WORKER_PROCESSES</c>). Each kernel creates its pools on first use with the values in force then, and
/// shuts them down when it stops.
/// </summary>
public static class Workers
{
    private static int s_maxThreads = 64;
    private static int s_maxProcesses = Environment.ProcessorCount;

    /// <summary>The most worker threads a kernel runs at once (Curio's 64). Zombie threads do not count.</summary>
    public static int MaxWorkerThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one worker thread is needed.");
    }

    /// <summary>The most worker processes a kernel runs at once (Curio's CPU count).</summary>
    public static int MaxWorkerProcesses
    {
        get => s_maxProcesses;
        set => s_maxProcesses = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one worker process is needed.");
    }
}
