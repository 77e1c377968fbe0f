using Akka.Actor;
using Akka.Event;

namespace Curio.Actors.Engine;

/// <summary>
/// The kernel actor: parent and supervisor of every task actor. A task's failure is caught by the task itself and
/// reported, so anything that reaches this supervisor is a kernel bug: the actor is stopped, never restarted
/// (a restart would run a body twice).
/// </summary>
internal sealed class KernelActor : ActorBase
{
    private readonly KernelCore _core;

    public KernelActor(KernelCore core)
    {
        _core = core;
        core.AttachCell((ActorCell)Context, Self);
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ex =>
    {
        Context.GetLogger().Error(ex, "Curio kernel: a task actor failed outside its body; it is stopped");
        return Directive.Stop;
    });

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    // A task message that reached a stopped actor (a late timer, a stray post) still leaves the in-flight count,
    // or the kernel would never look idle again to a virtual clock.
    protected override bool Receive(object message)
    {
        if (message is DeadLetter { Message: TaskMessage m } && m.Owner.Core == _core) _core.MessageDone();
        return true;
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _core.OnKernelActorStopped();
    }
}
