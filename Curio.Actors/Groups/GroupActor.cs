using Akka.Actor;
using Akka.Event;

namespace Curio.Actors;

/// <summary>
/// The actor of a task group: a child of the kernel actor, parent of the actors of the tasks the group spawned, so
/// the actor tree shows the task tree (…/curio-kernel-1/group-3/task-12). Told <see cref="GroupClosed"/> when the group
/// has been joined, it stops once its task actors have stopped by themselves (each after its queued messages ran, so
/// no message to a task is dropped).
/// </summary>
internal sealed class GroupActor : ActorBase
{
    private HashSet<IActorRef>? _waiting;

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        Context.GetLogger().Error(ex, "Curio task group: a task actor failed outside its body; it is stopped");
        return Directive.Stop;
    });

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case GroupClosed:
                _waiting = new HashSet<IActorRef>(Context.GetChildren());
                foreach (var c in _waiting) Context.Watch(c);
                if (_waiting.Count == 0) Context.Stop(Self);
                return true;
            case Terminated t when _waiting is not null:
                _waiting.Remove(t.ActorRef);
                if (_waiting.Count == 0) Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>The group has been joined: no more task actors will be made under its actor.</summary>
internal sealed class GroupClosed
{
    internal static readonly GroupClosed Instance = new();
}

/// <summary>Creates group actors without reflection.</summary>
internal sealed class GroupActorProducer : IIndirectActorProducer
{
    internal static readonly Props Props = Props.CreateBy(new GroupActorProducer());

    public Type ActorType => typeof(GroupActor);
    public ActorBase Produce() => new GroupActor();
    public void Release(ActorBase actor) { }
}
