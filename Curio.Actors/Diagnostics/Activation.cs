namespace Curio.Actors;

/// <summary>
/// Hooks on the life of a kernel's tasks (Curio's <c>Activation</c>), installed with <see cref="KernelOptions.Activations"/>.
/// Order per task: <see cref="Created"/>, then <see cref="Running"/> and <see cref="Suspended"/> around every slice (each
/// message the task's actor runs for it, the one that ends the body included), then <see cref="Terminated"/>.
/// <see cref="Activate"/> runs once, when the kernel is built. Hooks run on the task's actor inside the kernel, so they
/// must be quick and must not block; under <see cref="SchedulingMode.Parallel"/> hooks of different tasks run at once.
/// A hook that throws is logged and does not stop the task. A kernel without activations pays one null check a slice.
/// </summary>
public abstract class Activation
{
    /// <summary>Called once when the kernel has been built, before any task runs.</summary>
    public virtual void Activate(Kernel kernel) { }

    /// <summary>Called when a task is spawned, before it first runs.</summary>
    public virtual void Created(CurioTask task) { }

    /// <summary>Called before each slice of a task.</summary>
    public virtual void Running(CurioTask task) { }

    /// <summary>
    /// Called after each slice, with <paramref name="reason"/> the state the task is left in: the wait it parked in
    /// (TIME_SLEEP, QUEUE_GET, ...; Curio passes the trap), READY, RUNNING (it awaits .NET work) or TERMINATED.
    /// </summary>
    public virtual void Suspended(CurioTask task, string reason) { }

    /// <summary>Called once after the slice in which the task's body ended (after that slice's <see cref="Suspended"/>).</summary>
    public virtual void Terminated(CurioTask task) { }
}
