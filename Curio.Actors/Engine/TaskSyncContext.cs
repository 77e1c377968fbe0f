namespace Curio.Actors.Engine;

/// <summary>
/// Installed while a task actor runs one of its task's messages. Every <c>await</c> in the body captures it,
/// so each resumption comes back to the task's actor as a message instead of running on the thread pool.
/// </summary>
internal sealed class TaskSyncContext(CurioTask task) : SynchronizationContext
{
    internal CurioTask Task { get; } = task;

    public override void Post(SendOrPostCallback d, object? state) => Task.Send(new PostMessage(Task, d, state));

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Current == this) d(state);
        else throw new NotSupportedException("Synchronous Send into a Curio task would block the kernel; use Post.");
    }

    public override SynchronizationContext CreateCopy() => this;
}
