namespace Curio.Actors.TestKit;

/// <summary>A spec ended while tasks it started were still alive.</summary>
public sealed class LeakedTasksException : Exception
{
    internal LeakedTasksException(IReadOnlyList<CurioTask> tasks, string description)
        : base($"{tasks.Count} task(s) still alive at the end of the spec:\n{description}") => Tasks = tasks;

    /// <summary>The tasks that were still alive.</summary>
    public IReadOnlyList<CurioTask> Tasks { get; }
}
