using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A task semaphore (Curio's <c>Semaphore</c>). Idiom: <c>await using (await sema.AcquireAsync()) { ... }</c>.
/// <see cref="AcquireAsync"/> waits while the value is 0; <see cref="Release"/> hands a unit straight to the oldest
/// waiter (strict FIFO, the value stays 0), otherwise increments the value, without an upper bound (see
/// <see cref="BoundedSemaphore"/> for one). Named CurioSemaphore so that it never clashes with <see cref="System.Threading.Semaphore"/>.
/// </summary>
public class CurioSemaphore : IReleasable
{
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private int _value;

    /// <summary>Creates a semaphore with <paramref name="value"/> free units.</summary>
    public CurioSemaphore(int value = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        _value = value;
        _waiters = new WaitQueue(_gate);
    }

    /// <summary>Curio's repr: the value and the waiters (a BoundedSemaphore also shows its bound).</summary>
    public override string ToString()
    {
        lock (_gate) return $"{GetType().Name}(value={_value}{(this is BoundedSemaphore b ? $", bound={b.Bound}" : "")}, waiters={_waiters.Count})";
    }

    /// <summary>The free units now.</summary>
    public int Value
    {
        get { lock (_gate) return _value; }
    }

    /// <summary>True when no unit is free (value 0).</summary>
    public bool Locked => Value == 0;

    /// <summary>Tasks waiting to acquire.</summary>
    public int Waiting
    {
        get { lock (_gate) return _waiters.Count; }
    }

    /// <summary>Takes a unit, waiting in FIFO order while none is free (state SEMA_ACQUIRE, a cancellation point).</summary>
    public ValueTask<Releaser> AcquireAsync()
    {
        var me = CurioTask.Require("CurioSemaphore.AcquireAsync");
        WaitNode<Releaser> node;
        lock (_gate)
        {
            if (_value > 0)
            {
                _value--;
                return new ValueTask<Releaser>(new Releaser(this));
            }
            me.ThrowIfCancelPending();
            node = new WaitNode<Releaser>(me);
            _waiters.Enqueue(node);
        }
        return me.Park(node, "SEMA_ACQUIRE", this);
    }

    /// <summary>Gives a unit back: to the oldest waiter if any, else to the value. Never blocks.</summary>
    public void Release()
    {
        lock (_gate)
        {
            while (_waiters.Dequeue() is WaitNode<Releaser> n)
                if (n.TryWake(new Releaser(this))) return;
            CheckBound(_value);
            _value++;
        }
    }

    /// <summary>Called under the gate before the value grows; a bounded semaphore refuses to pass its bound.</summary>
    private protected virtual void CheckBound(int value) { }

    ValueTask IReleasable.ReleaseAsync()
    {
        Release();
        return default;
    }
}
