namespace Curio.Actors;

/// <summary>
/// The message an actor receives when a task it spawned with <c>notify</c> ends: the task, and its result or
/// its exception (the original one, not wrapped).
/// </summary>
/// <param name="Task">The task that ended.</param>
/// <param name="Result">Its result, when it succeeded.</param>
/// <param name="Exception">Its exception, when it failed or was cancelled.</param>
public sealed record TaskCompleted(CurioTask Task, object? Result, Exception? Exception);
