namespace Curio.Actors;

/// <summary>
/// Raised by <see cref="CurioTask.JoinAsync"/> when the joined task ended with an exception, its cancellation
/// included (Curio's <c>TaskError</c>). <see cref="Exception.InnerException"/> is the original exception.
/// </summary>
public class TaskError : CurioError
{
    /// <summary>Creates the error for <paramref name="task"/>, which failed with <paramref name="cause"/>.</summary>
    public TaskError(CurioTask task, Exception cause)
        : base($"Task {task.Id} ({task.Name}) failed: {cause.GetType().Name}: {cause.Message}", cause) => Task = task;

    /// <summary>The task that failed.</summary>
    public CurioTask Task { get; }
}
