using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>A call waiting for, or running on, a pooled worker: the waiting task's <see cref="WaitNode"/>.</summary>
internal interface IPoolCall
{
    /// <summary>The worker running the call; set under the pool's lock.</summary>
    PoolWorker? Worker { get; set; }
}

/// <summary>A worker of a <see cref="WorkerPool{TWorker}"/>: a dedicated thread or a worker process.</summary>
internal abstract class PoolWorker
{
    /// <summary>The call it runs now, or null when idle. Under the pool's lock.</summary>
    internal IPoolCall? Current;

    /// <summary>Left the pool: abandoned by a cancelled call (a zombie), crashed, or the pool closed. Under the pool's lock.</summary>
    internal bool Retired;
}

/// <summary>
/// Curio's worker pool: at most <see cref="Max"/> live workers, started on demand and reused; calls beyond that
/// wait in FIFO order. A call whose waiter is cancelled while it runs retires its worker at once (Curio's zombie
/// rule: a thread runs on to completion outside the pool, a process is killed), which frees its slot immediately,
/// so stuck workers can never fill the pool.
/// </summary>
internal abstract class WorkerPool<TWorker> where TWorker : PoolWorker
{
    private readonly Stack<TWorker> _idle = new();
    private readonly WaitQueue _pending;
    private int _live;
    private bool _closed;

    protected WorkerPool(int max)
    {
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), max, "A worker pool needs at least one worker.");
        Max = max;
        _pending = new WaitQueue(Gate);
    }

    protected object Gate { get; } = new();

    /// <summary>The most workers alive at once (zombies excluded).</summary>
    internal int Max { get; }

    /// <summary>Workers in the pool now, busy or idle (zombies excluded).</summary>
    internal int Live { get { lock (Gate) return _live; } }

    /// <summary>Idle workers ready for a call.</summary>
    internal int Idle { get { lock (Gate) return _idle.Count; } }

    /// <summary>Starts a new worker. Called under the lock: keep it short.</summary>
    protected abstract TWorker CreateWorker();

    /// <summary>Hands a call to a worker it was just assigned to (outside the lock).</summary>
    protected abstract void Dispatch(TWorker worker, IPoolCall call);

    /// <summary>A worker left the pool (abandoned, crashed or closed): release what it holds.</summary>
    protected abstract void OnRetired(TWorker worker, bool busy);

    /// <summary>The pool is closing (under the lock, after its idle workers were retired): stop what is still busy.</summary>
    protected virtual void OnClosing() { }

    /// <summary>Throws if the pool is closed (the kernel has stopped).</summary>
    internal void CheckOpen()
    {
        if (_closed) throw new InvalidOperationException("The kernel has shut down: its worker pool is closed.");
    }

    /// <summary>Runs <paramref name="call"/> on an idle worker, a new one, or queues it until one is free.</summary>
    internal void Submit(IPoolCall call)
    {
        TWorker worker;
        lock (Gate)
        {
            CheckOpen();
            if (_idle.Count > 0) worker = _idle.Pop();
            else if (_live < Max)
            {
                worker = CreateWorker();
                _live++;
            }
            else
            {
                _pending.Enqueue((WaitNode)call);
                return;
            }
            Assign(worker, call);
        }
        Dispatch(worker, call);
    }

    /// <summary>
    /// A worker finished its call. Returns the next call it was given (already assigned), or null: then it is
    /// idle in the pool, or retired if <see cref="PoolWorker.Retired"/> is set.
    /// </summary>
    internal IPoolCall? OnCallDone(TWorker worker)
    {
        lock (Gate)
        {
            worker.Current = null;
            if (worker.Retired) return null;
            if (_closed)
            {
                Retire(worker);
                return null;
            }
            while (_pending.Dequeue() is { } node)
            {
                if (node.IsDone) continue; // cancelled; its Unregister finds it no longer queued
                var call = (IPoolCall)node;
                Assign(worker, call);
                return call;
            }
            _idle.Push(worker);
            return null;
        }
    }

    /// <summary>The worker can no longer serve (its process died): it leaves the pool and a queued call gets a new one.</summary>
    internal void OnWorkerBroken(TWorker worker)
    {
        List<(TWorker, IPoolCall)>? started;
        lock (Gate)
        {
            if (worker.Retired) return;
            worker.Current = null;
            Retire(worker);
            started = StartPending();
        }
        Run(started);
    }

    /// <summary>The waiter of <paramref name="call"/> was cancelled (its Unregister): leave the queue, or retire the worker.</summary>
    internal void Abandon(IPoolCall call)
    {
        List<(TWorker, IPoolCall)>? started = null;
        lock (Gate)
        {
            var node = (WaitNode)call;
            if (node.Queue is not null)
            {
                _pending.Remove(node);
                return;
            }
            if (call.Worker is TWorker worker && worker.Current == call && !worker.Retired)
            {
                Retire(worker, busy: true);
                started = StartPending();
            }
        }
        Run(started);
    }

    /// <summary>Closes the pool with its kernel: idle workers stop, busy ones are retired, queued calls fail.</summary>
    internal void Close()
    {
        lock (Gate)
        {
            if (_closed) return;
            _closed = true;
            while (_idle.Count > 0) Retire(_idle.Pop());
            while (_pending.Dequeue() is { } node)
                node.TryFault(new InvalidOperationException("The kernel shut down before a worker was free for this call."));
            OnClosing();
        }
    }

    private static void Assign(TWorker worker, IPoolCall call)
    {
        worker.Current = call;
        call.Worker = worker;
    }

    /// <summary>Takes a worker out of the pool, freeing its slot. Under the lock.</summary>
    protected void Retire(TWorker worker, bool busy = false)
    {
        worker.Retired = true;
        _live--;
        OnRetired(worker, busy);
    }

    private List<(TWorker, IPoolCall)>? StartPending()
    {
        List<(TWorker, IPoolCall)>? started = null;
        while (!_closed && _live < Max && _pending.Dequeue() is { } node)
        {
            if (node.IsDone) continue;
            var worker = CreateWorker();
            _live++;
            var call = (IPoolCall)node;
            Assign(worker, call);
            (started ??= []).Add((worker, call));
        }
        return started;
    }

    private void Run(List<(TWorker, IPoolCall)>? started)
    {
        if (started is null) return;
        foreach (var (worker, call) in started) Dispatch(worker, call);
    }
}
