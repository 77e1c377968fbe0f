using System.Runtime.CompilerServices;
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
    /// runs when the caller next blocks. Every form returns the task; a body that returns a value gives a
    /// <see cref="CurioTask{T}"/> whose <see cref="CurioTask{T}.JoinAsync"/> returns it.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static CurioTask Spawn(Func<Task> body, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(body, body, daemon, name, null);

    /// <summary>Spawns <c>body()</c> as a child task, for an async function with a result (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static CurioTask<T> Spawn<T>(Func<Task<T>> body, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(body, body, daemon, name, null);

    /// <summary>Spawns <c>body()</c> as a child task, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static CurioTask Spawn(Func<ValueTask> body, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(body), body, daemon, name, null);

    /// <summary>Spawns <c>body()</c> as a child task, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static CurioTask<T> Spawn<T>(Func<ValueTask<T>> body, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(body), body, daemon, name, null);

    /// <summary>Spawns <c>func(arg1)</c> as a child task, for an async function (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static CurioTask Spawn<T1>(Func<T1, Task> func, T1 arg1, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Bind(func, arg1), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1)</c> as a child task, for an async function with a result (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static CurioTask<T> Spawn<T1, T>(Func<T1, Task<T>> func, T1 arg1, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Bind(func, arg1), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1)</c> as a child task, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static CurioTask Spawn<T1>(Func<T1, ValueTask> func, T1 arg1, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(BodyForms.Bind(func, arg1)), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1)</c> as a child task, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static CurioTask<T> Spawn<T1, T>(Func<T1, ValueTask<T>> func, T1 arg1, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(BodyForms.Bind(func, arg1)), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2)</c> as a child task, for an async function (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static CurioTask Spawn<T1, T2>(Func<T1, T2, Task> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Bind(func, arg1, arg2), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2)</c> as a child task, for an async function with a result (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static CurioTask<T> Spawn<T1, T2, T>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Bind(func, arg1, arg2), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2)</c> as a child task, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static CurioTask Spawn<T1, T2>(Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2)</c> as a child task, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static CurioTask<T> Spawn<T1, T2, T>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> as a child task, for an async function (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static CurioTask Spawn<T1, T2, T3>(Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Bind(func, arg1, arg2, arg3), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> as a child task, for an async function with a result (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static CurioTask<T> Spawn<T1, T2, T3, T>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Bind(func, arg1, arg2, arg3), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> as a child task, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static CurioTask Spawn<T1, T2, T3>(Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, daemon, name, null);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> as a child task, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>spawn(corofunc, *args)</c>); see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static CurioTask<T> Spawn<T1, T2, T3, T>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        SpawnHere().Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, daemon, name, null);

    private static Kernel SpawnHere() => CurioTask.Require(nameof(Spawn)).Core.Owner;

    /// <summary>The task running this code (Curio's <c>current_task</c>). Non-blocking.</summary>
    public static CurioTask CurrentTask => CurioTask.Require(nameof(CurrentTask));

    /// <summary>True when the calling code runs inside a Curio task (Curio's <c>curio_running</c>, per task).</summary>
    public static bool InTask => CurioTask.Current is not null;

    /// <summary>The kernel of the current task.</summary>
    public static Kernel CurrentKernel => CurioTask.Require(nameof(CurrentKernel)).Core.Owner;
}
