using Akka.Actor;

namespace Curio.Actors;

/// <summary>
/// The <see cref="IActorRef"/> of a task's mailbox: a Tell queues the message for the task. Its path names the task
/// under its kernel (…/curio-kernel-1/task-12-mailbox) for logs; it is not registered, so it cannot be looked up
/// or watched.
/// </summary>
internal sealed class TaskRef : MinimalActorRef
{
    private readonly CurioTask _task;

    internal TaskRef(CurioTask task)
    {
        _task = task;
        Provider = ((ExtendedActorSystem)task.Core.System).Provider;
        Path = task.Core.KernelRef.Path / ("task-" + task.Id + "-mailbox");
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender) => _task.Mailbox.Post(message, sender);
}
