using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// Curio's functions for the code of a task: spawn, current task, sleep, clock, timeouts and cancellation control.
/// <c>using static Curio.Actors.Async;</c> lets a C# task read like a Curio coroutine.
/// Every member must be called from inside a task, and says so clearly otherwise.
/// </summary>
public static partial class Async
{
    /// <summary>
    /// Spawns a child task (Curio's <c>spawn</c>). Never blocks and is never a cancellation point; the child first
    /// runs when the caller next blocks.
    /// </summary>
    public static CurioTask Spawn(Func<Task> body, bool daemon = false, string? name = null) =>
        CurioTask.Require(nameof(Spawn)).Core.Owner.Spawn(body, daemon, name);

    /// <summary>Spawns a child task with a result; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    public static CurioTask<T> Spawn<T>(Func<Task<T>> body, bool daemon = false, string? name = null) =>
        CurioTask.Require(nameof(Spawn)).Core.Owner.Spawn(body, daemon, name);

    /// <summary>Spawns <paramref name="body"/>(<paramref name="arg"/>) as a child task, as Curio's <c>spawn(corofunc, *args)</c>.</summary>
    public static CurioTask Spawn<TArg>(Func<TArg, Task> body, TArg arg, bool daemon = false, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Spawn(() => body(arg), daemon, name ?? body.Method.Name);
    }

    /// <summary>The task running this code (Curio's <c>current_task</c>). Non-blocking.</summary>
    public static CurioTask CurrentTask => CurioTask.Require(nameof(CurrentTask));

    /// <summary>True when the calling code runs inside a Curio task (Curio's <c>curio_running</c>, per task).</summary>
    public static bool InTask => CurioTask.Current is not null;

    /// <summary>The kernel of the current task.</summary>
    public static Kernel CurrentKernel => CurioTask.Require(nameof(CurrentKernel)).Core.Owner;
}
