using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A re-entrant task lock (Curio's <c>RLock</c>): the owning task may acquire it again, and must release it as many
/// times. Idiom: <c>await using (await rlock.AcquireAsync()) { ... }</c>. FIFO hand-off between tasks, as
/// <see cref="CurioLock"/>. Releasing an unlocked RLock, or from a task that is not the owner, raises
/// <see cref="InvalidOperationException"/> (Curio's RuntimeError).
/// </summary>
public sealed class RLock : IReleasable
{
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private CurioTask? _owner;
    private int _count;

    /// <summary>Creates an unlocked re-entrant lock.</summary>
    public RLock() => _waiters = new WaitQueue(_gate);

    /// <summary>Curio's repr: the holder and its recursion count, or unlocked, and the waiters.</summary>
    public override string ToString()
    {
        lock (_gate)
            return _owner is { } o
                ? $"RLock(locked by task {o.Id} ({o.Name}), count={_count}, waiters={_waiters.Count})"
                : $"RLock(unlocked, waiters={_waiters.Count})";
    }

    /// <summary>True while some task holds the lock.</summary>
    public bool Locked
    {
        get { lock (_gate) return _owner is not null; }
    }

    /// <summary>The owning task, or null.</summary>
    public CurioTask? Owner
    {
        get { lock (_gate) return _owner; }
    }

    /// <summary>How many times the owner holds it.</summary>
    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>
    /// Acquires the lock: at once if free or already owned by the caller, otherwise waits in FIFO order
    /// (state LOCK_ACQUIRE, as Curio's inner Lock, a cancellation point).
    /// </summary>
    public ValueTask<Releaser> AcquireAsync()
    {
        var me = CurioTask.Require("RLock.AcquireAsync");
        Node node;
        lock (_gate)
        {
            if (_owner is null || _owner == me)
            {
                _owner = me;
                _count++;
                return new ValueTask<Releaser>(new Releaser(this));
            }
            me.ThrowIfCancelPending();
            node = new Node(me);
            _waiters.Enqueue(node);
        }
        return me.Park(node, "LOCK_ACQUIRE", this);
    }

    /// <summary>Releases one level; at zero, hands the lock to the oldest waiter. Must be called by the owner.</summary>
    public void Release()
    {
        var me = CurioTask.Current;
        lock (_gate)
        {
            if (_owner is null) throw new InvalidOperationException("RLock is not locked: Release called on an unlocked RLock.");
            if (_owner != me)
                throw new InvalidOperationException(
                    $"RLock can only be released by the owner: it is held by task {_owner.Id} ({_owner.Name}), released by {(me is null ? "code outside any task" : $"task {me.Id} ({me.Name})")}.");
            if (--_count > 0) return;
            _owner = null;
            while (_waiters.Dequeue() is Node n)
            {
                if (n.TryWake(new Releaser(this)))
                {
                    _owner = n.Owner;
                    _count = 1;
                    return;
                }
            }
        }
    }

    ValueTask IReleasable.ReleaseAsync()
    {
        Release();
        return default;
    }

    private sealed class Node(CurioTask owner) : WaitNode<Releaser>(owner);
}
