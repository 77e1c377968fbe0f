using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A task lock (Curio's <c>Lock</c>). Idiom: <c>await using (await lck.AcquireAsync()) { ... }</c>.
/// Strict FIFO hand-off: <see cref="Release"/> passes ownership straight to the oldest waiter, so a newcomer can never
/// barge in ahead of tasks already waiting. Ownership is not tracked (any task may release, as in Curio).
/// Thread-safe, so it is also correct under <see cref="SchedulingMode.Parallel"/>; tasks only (use
/// <see cref="Async.Abide(object)"/> to share a lock with plain threads). Named CurioLock so that it never clashes
/// with <see cref="System.Threading.Lock"/>.
/// </summary>
public sealed class CurioLock : IReleasable
{
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private bool _locked;

    /// <summary>Creates an unlocked lock.</summary>
    public CurioLock() => _waiters = new WaitQueue(_gate);

    /// <summary>True while some task holds the lock.</summary>
    public bool Locked
    {
        get { lock (_gate) return _locked; }
    }

    /// <summary>Curio's repr: locked or unlocked, and the waiters (the holder is not tracked, as in Curio).</summary>
    public override string ToString()
    {
        lock (_gate) return $"CurioLock({(_locked ? "locked" : "unlocked")}, waiters={_waiters.Count})";
    }

    /// <summary>Tasks waiting to acquire.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiters.Count; }
    }

    /// <summary>
    /// Acquires the lock, waiting in FIFO order if it is held (state LOCK_ACQUIRE). A cancellation point only when it
    /// has to wait; a cancelled or timed-out waiter leaves the queue and never gets the lock.
    /// </summary>
    public ValueTask<Releaser> AcquireAsync()
    {
        var me = CurioTask.Require("CurioLock.AcquireAsync");
        WaitNode<Releaser> node;
        lock (_gate)
        {
            if (!_locked)
            {
                _locked = true;
                return new ValueTask<Releaser>(new Releaser(this));
            }
            me.ThrowIfCancelPending();
            node = new WaitNode<Releaser>(me);
            _waiters.Enqueue(node);
        }
        return me.Park(node, "LOCK_ACQUIRE", this);
    }

    /// <summary>
    /// Releases the lock, handing it to the oldest waiter if any. Throws <see cref="InvalidOperationException"/> if the
    /// lock is not held (Curio raises AssertionError('Lock not acquired')). Never blocks.
    /// </summary>
    public void Release()
    {
        lock (_gate)
        {
            if (!_locked) throw new InvalidOperationException("Lock not acquired: Release called on an unlocked Lock.");
            while (_waiters.Dequeue() is WaitNode<Releaser> n)
                if (n.TryWake(new Releaser(this))) return; // ownership passes on; stays locked
            _locked = false;
        }
    }

    ValueTask IReleasable.ReleaseAsync()
    {
        Release();
        return default;
    }
}
