namespace Curio.Actors;

/// <summary>When <see cref="TaskGroup.JoinAsync"/> stops waiting (Curio's <c>wait=</c> argument of <c>TaskGroup</c>).</summary>
public enum GroupWait
{
    /// <summary>Curio's <c>all</c> (the default): wait for every non-daemon task, but stop at the first one that fails (a cancellation counts as a failure).</summary>
    All,

    /// <summary>Curio's <c>any</c>: stop when the first task ends, whether it succeeded or failed.</summary>
    Any,

    /// <summary>Curio's <c>object</c>: stop at the first task that returns a non-null result or fails; tasks returning null are skipped.</summary>
    Object,

    /// <summary>Curio's <c>None</c>: do not wait; join cancels every task still running at once.</summary>
    None,
}
