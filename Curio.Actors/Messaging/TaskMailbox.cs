using Akka.Actor;
using Akka.Event;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A task's mailbox: messages in the order they were told, and at most one parked receive (only the task itself
/// receives). A teller hands a message straight to the parked receive when it matches the receive's type and filter;
/// if that receive was cancelled meanwhile the message is queued instead, so nothing is lost or reordered.
/// </summary>
internal sealed class TaskMailbox
{
    private readonly object _gate = new();
    private readonly LinkedList<Envelope> _queue = new();
    private readonly CurioTask _owner;
    private IReceiveWaiter? _waiter;
    private TaskRef? _ref;

    internal TaskMailbox(CurioTask owner) => _owner = owner;

    /// <summary>The sender of the message the task received last (its actor only).</summary>
    internal IActorRef? LastSender;

    internal IActorRef Ref
    {
        get
        {
            if (_ref is { } r) return r;
            Interlocked.CompareExchange(ref _ref, new TaskRef(_owner), null);
            return _ref!;
        }
    }

    /// <summary>Messages waiting (not yet received).</summary>
    internal int Count
    {
        get { lock (_gate) return _queue.Count; }
    }

    internal void Post(object message, IActorRef? sender)
    {
        lock (_gate)
        {
            if (!_owner.Terminated)
            {
                if (_waiter is { } w && w.Matches(message))
                {
                    _waiter = null;
                    if (w.TryDeliver(message, sender)) return;
                }
                _queue.AddLast(new Envelope(message, sender));
                return;
            }
        }
        _owner.Core.System.DeadLetters.Tell(new DeadLetter(message, sender ?? ActorRefs.Nobody, _owner.Ref), sender);
    }

    internal ValueTask<T> Receive<T>(CurioTask me, Func<T, bool>? filter)
    {
        ReceiveNode<T> node;
        lock (_gate)
        {
            for (var n = _queue.First; n is not null; n = n.Next)
            {
                if (n.Value.Message is T m && (filter is null || filter(m)))
                {
                    _queue.Remove(n);
                    LastSender = n.Value.Sender;
                    return new ValueTask<T>(m); // a message already there: not a cancellation point (Curio's fast path)
                }
            }
            me.ThrowIfCancelPending();
            node = new ReceiveNode<T>(me, this, filter);
            _waiter = node;
        }
        return me.Park(node, "MAILBOX_RECEIVE");
    }

    internal void Unregister(IReceiveWaiter node)
    {
        lock (_gate)
        {
            if (_waiter == node) _waiter = null;
        }
    }

    private readonly record struct Envelope(object Message, IActorRef? Sender);
}

/// <summary>A parked receive, seen by the mailbox without its message type.</summary>
internal interface IReceiveWaiter
{
    bool Matches(object message);
    bool TryDeliver(object message, IActorRef? sender);
}

/// <summary>A parked <c>ReceiveAsync&lt;T&gt;</c>: woken with the first told message of type T that passes the filter.</summary>
internal sealed class ReceiveNode<T>(CurioTask owner, TaskMailbox mailbox, Func<T, bool>? filter) : WaitNode<T>(owner), IReceiveWaiter
{
    private IActorRef? _sender;

    public bool Matches(object message) => message is T m && (filter is null || filter(m));

    public bool TryDeliver(object message, IActorRef? sender)
    {
        _sender = sender;
        return TryWake((T)message);
    }

    // Runs on the owner's actor before the receive resumes: the sender becomes Async.Sender.
    internal override void Execute()
    {
        Owner.Mailbox.LastSender = _sender;
        base.Execute();
    }

    protected override void Unregister() => mailbox.Unregister(this);
}
