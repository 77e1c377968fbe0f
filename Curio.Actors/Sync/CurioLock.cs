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
    // Free and Held change by one CAS outside the gate (the uncontended fast path: no lock, no allocation, no kernel
    // message). Contended (held, waiters may be queued) is only set and cleared under the gate, so a release that
    // sees it takes the gate and hands off, and an acquire never takes a free lock while others wait.
    private const int Free = 0, Held = 1, Contended = 2;
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private int _state;

    /// <summary>Creates an unlocked lock.</summary>
    public CurioLock() => _waiters = new WaitQueue(_gate);

    /// <summary>True while some task holds the lock.</summary>
    public bool Locked => Volatile.Read(ref _state) != Free;

    /// <summary>Curio's repr: locked or unlocked, and the waiters (the holder is not tracked, as in Curio).</summary>
    public override string ToString()
    {
        lock (_gate) return $"CurioLock({(Locked ? "locked" : "unlocked")}, waiters={_waiters.Count})";
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
        if (Interlocked.CompareExchange(ref _state, Held, Free) == Free) return new ValueTask<Releaser>(new Releaser(this));
        WaitNode<Releaser> node;
        lock (_gate)
        {
            // Mark the lock contended before queueing, so that its holder's release comes through the gate; it may
            // have been freed meanwhile, then take it.
            while (true)
            {
                var s = Volatile.Read(ref _state);
                if (s == Free && Interlocked.CompareExchange(ref _state, Held, Free) == Free)
                    return new ValueTask<Releaser>(new Releaser(this));
                if (s == Contended || (s == Held && Interlocked.CompareExchange(ref _state, Contended, Held) == Held)) break;
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
        while (true)
        {
            var s = Interlocked.CompareExchange(ref _state, Free, Held);
            if (s == Held) return;
            if (s == Free) throw NotAcquired();
            lock (_gate)
            {
                // A hand-off may have cleared the mark before this got the gate: look again. Otherwise it stays
                // Contended while the gate is held.
                if (Volatile.Read(ref _state) != Contended) continue;
                while (_waiters.Dequeue() is WaitNode<Releaser> n)
                {
                    if (!n.TryWake(new Releaser(this))) continue; // cancelled meanwhile: try the next
                    if (_waiters.Count == 0) Volatile.Write(ref _state, Held); // the new holder may release on the fast path
                    return; // ownership passes on; stays locked
                }
                Volatile.Write(ref _state, Free);
                return;
            }
        }
    }

    private static InvalidOperationException NotAcquired() => new("Lock not acquired: Release called on an unlocked Lock.");

    ValueTask IReleasable.ReleaseAsync()
    {
        Release();
        return default;
    }
}
