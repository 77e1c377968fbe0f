namespace Curio.Actors;

/// <summary>The default exception delivered by <see cref="CurioTask.CancelAsync(Exception?, bool)"/> (Curio's <c>TaskCancelled</c>).</summary>
public class TaskCancelled : CancelledError
{
    /// <summary>Creates the exception with its own name as the message, as Curio does.</summary>
    public TaskCancelled() : base(nameof(TaskCancelled)) { }

    /// <summary>Creates the exception with a message.</summary>
    public TaskCancelled(string? message) : base(message) { }
}
