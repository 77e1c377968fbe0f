using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A kernel's pool of dedicated worker threads (not the .NET thread pool, so blocking calls starve nothing).
/// A thread whose waiter was cancelled finishes its call as a zombie outside the pool and then ends.
/// </summary>
internal sealed class ThreadWorkerPool(int max) : WorkerPool<ThreadWorker>(max)
{
    private static int s_names;

    protected override ThreadWorker CreateWorker()
    {
        var worker = new ThreadWorker(this);
        var thread = new Thread(worker.Loop) { IsBackground = true, Name = "curio-worker-" + Interlocked.Increment(ref s_names) };
        thread.Start();
        return worker;
    }

    protected override void Dispatch(ThreadWorker worker, IPoolCall call) => worker.Signal();

    // A busy thread cannot be stopped: it sees Retired when its call returns and ends. An idle one is woken to end.
    protected override void OnRetired(ThreadWorker worker, bool busy)
    {
        if (worker.Current is null) worker.Signal();
    }
}

/// <summary>One dedicated worker thread: waits for a call, runs it, asks the pool for the next.</summary>
internal sealed class ThreadWorker(ThreadWorkerPool pool) : PoolWorker
{
    private readonly SemaphoreSlim _signal = new(0);

    internal void Signal() => _signal.Release();

    internal void Loop()
    {
        while (true)
        {
            _signal.Wait();
            var call = Volatile.Read(ref Current); // set under the pool's lock before the signal
            while (call is IThreadCall c)
            {
                c.RunCall();
                call = pool.OnCallDone(this); // back in the pool before the caller wakes and calls again
                c.Deliver();
            }
            if (Volatile.Read(ref Retired)) return;
        }
    }
}

/// <summary>A call that runs on a worker thread.</summary>
internal interface IThreadCall : IPoolCall
{
    /// <summary>Runs the callable on the calling worker thread and keeps its outcome.</summary>
    void RunCall();

    /// <summary>Wakes the waiting task with the outcome (a no-op if it was cancelled meanwhile).</summary>
    void Deliver();
}

/// <summary>
/// The wait of a task in <see cref="Async.RunInThread{T}(Func{T})"/>: woken by the worker thread with the result or
/// the exception itself. A cancellation abandons the call (its worker becomes a zombie) and cancels the token
/// handed to token-aware callables.
/// </summary>
internal sealed class ThreadCallNode<T>(CurioTask owner, ThreadWorkerPool pool, Func<CancellationToken, T> func, bool wantsToken)
    : WaitNode<T>(owner), IThreadCall
{
    private readonly CancellationTokenSource? _cancel = wantsToken ? new CancellationTokenSource() : null;

    // Work on a worker keeps the kernel busy: a virtual clock must not jump past it.
    internal override bool IsOutsideWork => true;

    public PoolWorker? Worker { get; set; }

    private T _result = default!;
    private Exception? _error;

    public void RunCall()
    {
        try
        {
            _result = func(_cancel?.Token ?? CancellationToken.None);
        }
        catch (Exception e)
        {
            _error = e;
        }
    }

    public void Deliver()
    {
        if (_error is { } e) TryFault(e);
        else TryWake(_result);
        _result = default!; // a zombie's result is dropped, not kept alive
    }

    protected override void Unregister()
    {
        pool.Abandon(this);
        if (_cancel is null) return;
        try { _cancel.Cancel(); }
        catch (AggregateException) { } // a callback of the abandoned call failed; it is no longer ours
    }
}
