namespace Curio.Actors.Diagnostics;

/// <summary>
/// What the kernel calls around a task's life and slices: a task holds one (its kernel's activations, its telemetry,
/// or both), or null, which is the kernel's only cost per slice when nothing is installed and nobody listens.
/// </summary>
internal abstract class TaskHooks
{
    /// <summary>The task was spawned and has an actor; it has not run yet.</summary>
    internal abstract void Created(CurioTask task);

    /// <summary>Before a slice (one message the task's actor runs for it).</summary>
    internal abstract void Running(CurioTask task);

    /// <summary>After a slice: Suspended, and Terminated once if the body ended in it.</summary>
    internal abstract void AfterSlice(CurioTask task);

    /// <summary>A body that ended on a thread outside its actor (after ConfigureAwait(false)) gets Terminated there.</summary>
    internal abstract void EndedOutsideSlice(CurioTask task);

    /// <summary>
    /// The body is about to start, in the context it inherits from its spawner (Curio's ContextTask): what is set here
    /// is captured by the body's async methods for every later slice.
    /// </summary>
    internal virtual void BodyStarting(CurioTask task) { }
}
