using Akka.Actor;

namespace Curio.Actors.Engine;

/// <summary>
/// Hosts task bodies. Each message is one slice of one task: the actor installs the task's synchronization
/// context and runs it. The actor never stops under a running body; when the body ends the actor goes back to
/// the kernel's pool of idle actors and may host the next spawned task.
/// </summary>
internal sealed class TaskActor(KernelCore core) : ActorBase
{
    protected override bool Receive(object message)
    {
        if (message is not TaskMessage m) return false;
        var task = m.Owner;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(task.Context);
        try
        {
            task.Cycles++;
            m.Execute();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.ReadyToRetire(Self))
        {
            if (task.Pooled) core.Retire(Self);
            else Context.Stop(Self);
        }
        return true;
    }
}

/// <summary>Creates task actors without reflection or expression trees.</summary>
internal sealed class TaskActorProducer(KernelCore core) : IIndirectActorProducer
{
    public Type ActorType => typeof(TaskActor);
    public ActorBase Produce() => new TaskActor(core);
    public void Release(ActorBase actor) { }
}
