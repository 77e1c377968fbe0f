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

/// <summary>A growable FIFO ring under a lock; starts with room for two envelopes.</summary>
internal sealed class TaskMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Envelope[] _ring = new Envelope[2];
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            if (_count == _ring.Length)
            {
                var bigger = new Envelope[_ring.Length * 2];
                for (var i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) % _ring.Length];
                _ring = bigger;
                _head = 0;
            }
            _ring[(_head + _count) % _ring.Length] = envelope;
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
            envelope = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var e)) deadletters.Enqueue(owner, e);
    }
}
