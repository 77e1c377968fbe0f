namespace Curio.Actors.Engine;

/// <summary>A message a task actor runs on behalf of one task: a resumption, a cancel, a timer or a post.</summary>
internal abstract class TaskMessage
{
    protected TaskMessage(CurioTask owner) => Owner = owner;

    /// <summary>The task whose context the message runs in.</summary>
    internal CurioTask Owner { get; }

    /// <summary>Runs on the task's actor, with the task's synchronization context installed.</summary>
    internal abstract void Execute();
}

/// <summary>Starts a task's body on the actor that received it.</summary>
internal sealed class StartMessage(CurioTask owner) : TaskMessage(owner)
{
    internal override void Execute() => Owner.StartBody();
}

/// <summary>A continuation posted to the task's <see cref="TaskSyncContext"/>.</summary>
internal sealed class PostMessage(CurioTask owner, SendOrPostCallback callback, object? state) : TaskMessage(owner)
{
    internal override void Execute() => callback(state);
}

/// <summary>A cancel request, delivered by the task's own actor.</summary>
internal sealed class CancelMessage(CurioTask owner, Exception exception) : TaskMessage(owner)
{
    internal override void Execute() => Owner.OnCancelRequest(exception);
}

/// <summary>The task's timeout timer fired.</summary>
internal sealed class TimeoutMessage(CurioTask owner) : TaskMessage(owner)
{
    internal override void Execute() => Owner.OnTimeoutTimer();
}
