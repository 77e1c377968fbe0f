using Akka.Event;
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
        if (message is StopWhenDrained)
        {
            Context.Stop(Self);
            return true;
        }
        if (message is not TaskMessage m) return false;
        var task = m.Owner;
        if (task.Hold(m)) return true; // an async thread's backing task keeps its messages while the thread owns it
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(task.Context);
        try
        {
            task.Cycles++;
            var hooks = task.Hooks; // activations and telemetry, or null
            hooks?.Running(task);
            m.Execute();
            hooks?.AfterSlice(task);
            if (task.ReadyToRetire(Self))
            {
                // A task group's actor is not pooled, and a full pool takes no more: such an actor stops once the
                // messages already queued for it have run (on the kernel thread, through the executor's FIFO).
                if (!task.Pooled || !core.Retire(Self)) SerialExecutor.TellInOrder(Self, StopWhenDrained.Instance);
            }
        }
        catch (Exception e)
        {
            // Only kernel code runs outside a body's own try: report it and keep the actor (no restart, no lost count).
            core.Log.Error(e, "Curio kernel: a message for task {0} failed", task.Id);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            core.MessageDone();
        }
        return true;
    }
}

/// <summary>Told by a non-pooled task actor to itself when its body ended: it stops after the messages queued before.</summary>
internal sealed class StopWhenDrained
{
    internal static readonly StopWhenDrained Instance = new();
}

/// <summary>Creates task actors without reflection or expression trees.</summary>
internal sealed class TaskActorProducer(KernelCore core) : IIndirectActorProducer
{
    public Type ActorType => typeof(TaskActor);
    public ActorBase Produce() => new TaskActor(core);
    public void Release(ActorBase actor) { }
}
