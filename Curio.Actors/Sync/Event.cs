using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A task event (Curio's <c>Event</c>): <see cref="WaitAsync"/> blocks until <see cref="Set"/> is called, which wakes
/// every waiter in the order they began to wait. Thread-safe; waiting is for tasks (see <see cref="UniversalEvent"/>
/// for plain threads).
/// </summary>
public sealed class Event
{
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private bool _set;

    /// <summary>Creates a cleared event.</summary>
    public Event() => _waiters = new WaitQueue(_gate);

    /// <summary>Curio's repr: set or unset, and the waiters.</summary>
    public override string ToString()
    {
        lock (_gate) return $"Event({(_set ? "set" : "unset")}, waiters={_waiters.Count})";
    }

    /// <summary>True once set (until cleared).</summary>
    public bool IsSet
    {
        get { lock (_gate) return _set; }
    }

    /// <summary>Clears the flag; later waits block again.</summary>
    public void Clear()
    {
        lock (_gate) _set = false;
    }

    /// <summary>Returns at once if set; otherwise waits (state EVENT_WAIT, a cancellation point).</summary>
    public ValueTask WaitAsync()
    {
        var me = CurioTask.Require("Event.WaitAsync");
        WaitNode<bool> node;
        lock (_gate)
        {
            if (_set) return default;
            me.ThrowIfCancelPending();
            node = new WaitNode<bool>(me);
            _waiters.Enqueue(node);
        }
        me.Park(node, "EVENT_WAIT", this);
        return new ValueTask(node, 0);
    }

    /// <summary>
    /// Sets the flag and wakes all waiters, oldest first. Curio's <c>await set()</c> never blocks, so this is a plain
    /// method callable from anywhere (a task, a thread, an actor).
    /// </summary>
    public void Set()
    {
        lock (_gate)
        {
            _set = true;
            while (_waiters.Dequeue() is WaitNode<bool> n) n.TryWake(true);
        }
    }
}
