namespace Curio.Actors;

/// <summary>
/// An event shared by tasks and plain threads (Curio's <c>UniversalEvent</c>). <see cref="Set"/> works from anywhere.
/// A task awaits <see cref="WaitAsync()"/> (parks on its kernel: a cancellation point honouring timeouts, whose waiter
/// entry is removed if cancelled); a thread calls the blocking <see cref="Wait(CancellationToken)"/>, which never
/// touches a kernel; plain .NET async code outside any task may also await <see cref="WaitAsync()"/>.
/// </summary>
public sealed class UniversalEvent
{
    private readonly object _gate = new();
    private readonly WakerList<bool> _waiters;
    private bool _set;

    /// <summary>Creates a cleared event.</summary>
    public UniversalEvent() => _waiters = new WakerList<bool>(_gate);

    /// <summary>Curio's repr: set or unset.</summary>
    public override string ToString() => $"UniversalEvent({(IsSet ? "set" : "unset")})";

    /// <summary>True once set (until cleared).</summary>
    public bool IsSet
    {
        get { lock (_gate) return _set; }
    }

    /// <summary>Sets the flag and wakes every waiter, tasks and threads, oldest first. Idempotent, from any context.</summary>
    public void Set()
    {
        lock (_gate)
        {
            _set = true;
            _waiters.WakeAll(true);
        }
    }

    /// <summary>Clears the flag.</summary>
    public void Clear()
    {
        lock (_gate) _set = false;
    }

    /// <summary>Waits until set; the form without a token, usable as a method group (<c>TimeoutAfter(t, evt.WaitAsync)</c>).</summary>
    public ValueTask WaitAsync() => WaitAsync(default);

    /// <summary>
    /// Waits until set. In a task: parks (state EVENT_WAIT), a Curio cancellation point; <paramref name="cancellationToken"/>
    /// is then ignored (use Curio cancellation and timeouts). Outside any task: a .NET wait that the token can cancel.
    /// </summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        var me = CurioTask.Current;
        Waker<bool> w;
        lock (_gate)
        {
            if (_set) return default;
            me?.ThrowIfCancelPending();
            w = new Waker<bool>(me);
            _waiters.Enqueue(w);
        }
        return me is not null ? w.ParkVoid(me, "FUTURE_WAIT", this) : new ValueTask(w.WaitAsync(cancellationToken));
    }

    /// <summary>Blocks the calling thread until set. For plain threads; never call it from a task (it would block the kernel thread).</summary>
    public void Wait(CancellationToken cancellationToken = default)
    {
        if (PrepareBlocking() is { } w) w.Block(cancellationToken);
    }

    /// <summary>Blocks the calling thread until set or until <paramref name="timeout"/> passes; true if set.</summary>
    public bool Wait(TimeSpan timeout)
    {
        var w = PrepareBlocking();
        if (w is null) return true;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            w.Block(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Waker<bool>? PrepareBlocking()
    {
        UniversalGuards.NotInTask("UniversalEvent.Wait", "WaitAsync");
        lock (_gate)
        {
            if (_set) return null;
            var w = new Waker<bool>(null);
            _waiters.Enqueue(w);
            return w;
        }
    }
}
