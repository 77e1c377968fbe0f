using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A condition variable over a <see cref="CurioLock"/> (Curio's <c>Condition</c>). Idiom:
/// <c>await using (await cond.AcquireAsync()) { await cond.WaitForAsync(() => ready); }</c>.
/// <see cref="WaitAsync"/> releases the lock, waits in a FIFO until notified, and always re-acquires the lock before
/// returning or raising, even when cancelled or timed out (the re-acquisition itself is shielded from cancellation;
/// a cancel arriving meanwhile stays pending for the next blocking call). <see cref="Notify"/> with fewer waiters than
/// asked wakes those there are (Curio crashes its kernel with an IndexError there; a no-op is the intent).
/// Wait and notify without holding the lock raise <see cref="InvalidOperationException"/> (Curio's RuntimeError).
/// </summary>
public sealed class Condition : IReleasable
{
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private readonly CurioLock _lock;

    /// <summary>Creates a condition over <paramref name="lock"/>, or over a new <see cref="CurioLock"/>.</summary>
    public Condition(CurioLock? @lock = null)
    {
        _lock = @lock ?? new CurioLock();
        _waiters = new WaitQueue(_gate);
    }

    /// <summary>The underlying lock.</summary>
    public CurioLock Lock => _lock;

    /// <summary>True while the underlying lock is held.</summary>
    public bool Locked => _lock.Locked;

    /// <summary>Curio's repr: the underlying lock's state and the tasks waiting for a notify.</summary>
    public override string ToString() => $"Condition({(Locked ? "locked" : "unlocked")}, waiters={Waiting})";

    /// <summary>Tasks waiting to be notified.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiters.Count; }
    }

    /// <summary>Acquires the underlying lock (a cancellation point if it has to wait).</summary>
    public async ValueTask<Releaser> AcquireAsync()
    {
        await _lock.AcquireAsync();
        return new Releaser(this);
    }

    /// <summary>Releases the underlying lock.</summary>
    public void Release() => _lock.Release();

    /// <summary>
    /// Releases the lock, waits to be notified (state COND_WAIT, a cancellation point), then re-acquires the lock.
    /// </summary>
    public async ValueTask WaitAsync()
    {
        var me = CurioTask.Require("Condition.WaitAsync");
        WaitNode<bool> node;
        lock (_gate)
        {
            if (!_lock.Locked) throw new InvalidOperationException("Can't wait on unacquired lock: acquire the Condition before WaitAsync.");
            me.ThrowIfCancelPending(); // raised with the lock still held, as Curio ends up
            node = new WaitNode<bool>(me);
            _waiters.Enqueue(node);
        }
        _lock.Release();
        try
        {
            await me.Park(node, "COND_WAIT", this);
        }
        finally
        {
            using (Async.DisableCancellation()) await _lock.AcquireAsync();
        }
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> is true (checked with the lock held), waiting between checks, and
    /// returns the predicate's value, as Curio's <c>wait_for</c> does (true).
    /// </summary>
    public async ValueTask<bool> WaitForAsync(Func<bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (!predicate()) await WaitAsync();
        return true;
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> gives a value other than null (checked with the lock held) and returns
    /// that value: Curio's <c>wait_for</c> with a predicate whose truthy result the caller wants, such as
    /// <c>var job = await c.WaitForAsync(() => jobs.FirstOrDefault())</c>.
    /// </summary>
    public async ValueTask<T> WaitForAsync<T>(Func<T?> predicate) where T : class
    {
        ArgumentNullException.ThrowIfNull(predicate);
        while (true)
        {
            if (predicate() is { } value) return value;
            await WaitAsync();
        }
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters, oldest first. Requires the lock. Never blocks.</summary>
    public void Notify(int n = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!_lock.Locked) throw new InvalidOperationException("Can't notify on unacquired lock: acquire the Condition before Notify.");
        lock (_gate)
        {
            while (n > 0 && _waiters.Dequeue() is WaitNode<bool> w)
                if (w.TryWake(true)) n--;
        }
    }

    /// <summary>Wakes every waiter, oldest first. Requires the lock.</summary>
    public void NotifyAll() => Notify(int.MaxValue);

    ValueTask IReleasable.ReleaseAsync()
    {
        Release();
        return default;
    }
}
