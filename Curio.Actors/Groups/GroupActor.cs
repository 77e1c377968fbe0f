using Akka.Actor;
using Akka.Event;

namespace Curio.Actors;

/// <summary>
/// The actor of a task group: a child of the kernel actor, parent of the actors of the tasks the group spawned, so
/// the actor tree shows the task tree (…/curio-kernel-1/group-3/task-12). It handles no messages and is stopped when
/// the group has been joined.
/// </summary>
internal sealed class GroupActor : ActorBase
{
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        Context.GetLogger().Error(ex, "Curio task group: a task actor failed outside its body; it is stopped");
        return Directive.Stop;
    });

    protected override bool Receive(object message) => false;
}

/// <summary>Creates group actors without reflection.</summary>
internal sealed class GroupActorProducer : IIndirectActorProducer
{
    internal static readonly Props Props = Props.CreateBy(new GroupActorProducer());

    public Type ActorType => typeof(GroupActor);
    public ActorBase Produce() => new GroupActor();
    public void Release(ActorBase actor) { }
}
