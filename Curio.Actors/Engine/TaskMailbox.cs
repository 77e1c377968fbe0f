using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Curio.Actors.Engine;

/// <summary>
/// The mailbox of task actors. A task actor rarely holds more than one or two messages (its next resumption, maybe a
/// cancel), so a small locked ring replaces Akka's default ConcurrentQueue, whose first segment alone costs most of a
/// kilobyte per actor: with a million parked tasks that is the difference between gigabytes and megabytes.
/// </summary>
internal sealed class TaskMailboxType(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<TaskMessageQueue>
{
    /// <summary>The id under which the kernel registers this mailbox in an ActorSystem's configuration.</summary>
    internal const string Id = "curio-task-mailbox";

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new TaskMessageQueue();
}

/// <summary>
/// A FIFO under a lock: the first envelope sits in a field of its own, and a ring (two slots, growing) is made only
/// when a second one arrives while the first waits. A parked task's actor holds no message, so it costs no array.
/// </summary>
internal sealed class TaskMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Envelope _first;      // the oldest envelope when _count > 0 (the ring holds the ones after it)
    private Envelope[]? _ring;
    private int _head;
    private int _count;           // the envelopes queued, _first included

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            if (_count == 0) _first = envelope;
            else
            {
                var ring = _ring ??= new Envelope[2];
                var behind = _count - 1; // envelopes in the ring
                if (behind == ring.Length)
                {
                    var bigger = new Envelope[ring.Length * 2];
                    for (var i = 0; i < behind; i++) bigger[i] = ring[(_head + i) % ring.Length];
                    _ring = ring = bigger;
                    _head = 0;
                }
                ring[(_head + behind) % ring.Length] = envelope;
            }
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _first;
            if (_count > 1)
            {
                var ring = _ring!;
                _first = ring[_head];
                ring[_head] = default;
                _head = (_head + 1) % ring.Length;
            }
            else _first = default;
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var e)) deadletters.Enqueue(owner, e);
    }
}
