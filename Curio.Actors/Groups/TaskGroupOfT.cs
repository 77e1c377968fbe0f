using System.Runtime.CompilerServices;
using Akka.Actor;

namespace Curio.Actors;

/// <summary>
/// A <see cref="TaskGroup"/> whose tasks all return a <typeparamref name="T"/>: the same group, policy and cleanup
/// guarantee, with <see cref="Result"/>, <see cref="Results"/>, <see cref="NextResultAsync"/> and the tasks typed, so
/// no cast from <c>object?</c> is needed. The same two forms as <see cref="TaskGroup"/>:
/// <c>await using var g = new TaskGroup&lt;int&gt;(); ...; await g.JoinAsync();</c> or
/// <c>var g = await TaskGroup&lt;int&gt;.RunAsync(async g =&gt; { ... });</c>.
/// </summary>
public sealed class TaskGroup<T> : IAsyncDisposable, IAsyncEnumerable<CurioTask<T>>
{
    /// <summary>An empty group with the given wait policy.</summary>
    public TaskGroup(GroupWait wait = GroupWait.All) => Group = new TaskGroup(wait);

    /// <summary>A group holding existing <paramref name="tasks"/>, as <see cref="TaskGroup(IEnumerable{CurioTask}?, GroupWait)"/>.</summary>
    public TaskGroup(IEnumerable<CurioTask<T>>? tasks, GroupWait wait = GroupWait.All) => Group = new TaskGroup(tasks, wait);

    /// <summary>
    /// The untyped group underneath (the same tasks). Every task added through it directly must be a
    /// <see cref="CurioTask{T}"/> too, or the typed members cannot cast it.
    /// </summary>
    public TaskGroup Group { get; }

    /// <summary>The wait policy of <see cref="JoinAsync"/>.</summary>
    public GroupWait Wait => Group.Wait;

    /// <summary>True once the group has been joined; see <see cref="TaskGroup.Joined"/>.</summary>
    public bool Joined => Group.Joined;

    /// <summary>The group's actor (null until it spawns its first task).</summary>
    public IActorRef? Actor => Group.Actor;

    /// <summary>The first task that counted under the policy; see <see cref="TaskGroup.Completed"/>.</summary>
    public CurioTask<T>? Completed => (CurioTask<T>?)Group.Completed;

    /// <summary>The tracked non-daemon tasks in task-id order; see <see cref="TaskGroup.Tasks"/>.</summary>
    public IReadOnlyList<CurioTask<T>> Tasks => Group.Tasks.Cast<CurioTask<T>>().ToList();

    /// <summary>The daemon tasks still running, in task-id order.</summary>
    public IReadOnlyList<CurioTask<T>> Daemons => Group.Daemons.Cast<CurioTask<T>>().ToList();

    /// <summary>The result of <see cref="Completed"/>; see <see cref="TaskGroup.Result"/>.</summary>
    public T Result => (T)Group.Result!;

    /// <summary>The exception of <see cref="Completed"/>, or null; see <see cref="TaskGroup.Exception"/>.</summary>
    public Exception? Exception => Group.Exception;

    /// <summary>The results of the tracked tasks in task-id order; see <see cref="TaskGroup.Results"/>.</summary>
    public IReadOnlyList<T> Results => Group.Results.Select(static r => (T)r!).ToList();

    /// <summary>The exceptions of the tracked tasks in task-id order; see <see cref="TaskGroup.Exceptions"/>.</summary>
    public IReadOnlyList<Exception?> Exceptions => Group.Exceptions;

    /// <summary>Spawns a task in the group; see <see cref="TaskGroup.Spawn{T}(Func{Task{T}}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn(Func<Task<T>> body, bool daemon = false, string? name = null) => Group.Spawn(body, daemon, name);

    /// <summary>Spawns <c>func(arg)</c> in the group (Curio's <c>g.spawn(coro, arg)</c>).</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<TArg>(Func<TArg, Task<T>> func, TArg arg, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Bind(func, arg), daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2)</c> in the group.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Bind(func, arg1, arg2), daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> in the group.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T3>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Bind(func, arg1, arg2, arg3), daemon, name);

    /// <summary>Spawns a function returning ValueTask&lt;T&gt; in the group, such as <c>g.Spawn(q.GetAsync)</c>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn(Func<ValueTask<T>> body, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Of(body), daemon, name);

    /// <summary>Spawns <c>func(arg)</c>, a function returning ValueTask&lt;T&gt;, in the group.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<TArg>(Func<TArg, ValueTask<T>> func, TArg arg, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Of(BodyForms.Bind(func, arg)), daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2)</c>, a function returning ValueTask&lt;T&gt;, in the group.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c>, a function returning ValueTask&lt;T&gt;, in the group.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T3>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Group.Spawn(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), daemon, name);

    /// <summary>Adds an existing task; see <see cref="TaskGroup.AddTask"/>.</summary>
    public void AddTask(CurioTask<T> task) => Group.AddTask(task);

    /// <summary>Waits for the next task to end and removes it; see <see cref="TaskGroup.NextDoneAsync"/>.</summary>
    public async ValueTask<CurioTask<T>?> NextDoneAsync() => (CurioTask<T>?)await Group.NextDoneAsync();

    /// <summary>The result of the next task to end; see <see cref="TaskGroup.NextResultAsync"/>.</summary>
    public async ValueTask<T> NextResultAsync() => (T)(await Group.NextResultAsync())!;

    /// <summary>Cancels every running non-daemon task; see <see cref="TaskGroup.CancelRemainingAsync"/>.</summary>
    public ValueTask CancelRemainingAsync() => Group.CancelRemainingAsync();

    /// <summary>Waits under the group's policy, then cleans up; see <see cref="TaskGroup.JoinAsync"/>.</summary>
    public ValueTask JoinAsync() => Group.JoinAsync();

    /// <summary>Leaves the group's block; see <see cref="TaskGroup.DisposeAsync"/>.</summary>
    public ValueTask DisposeAsync() => Group.DisposeAsync();

    /// <summary>Curio's <c>async with TaskGroup(wait=...) as g:</c> as a lambda; see <see cref="TaskGroup.RunAsync(Func{TaskGroup, Task}, GroupWait)"/>.</summary>
    public static Task<TaskGroup<T>> RunAsync(Func<TaskGroup<T>, Task> body, GroupWait wait = GroupWait.All) =>
        RunAsync(null, body, wait);

    /// <summary>
    /// Curio's <c>async with TaskGroup(tasks, wait=...) as g:</c> as a lambda, for a group built from tasks that already
    /// exist; see <see cref="TaskGroup.RunAsync(IEnumerable{CurioTask}?, Func{TaskGroup, Task}, GroupWait)"/>.
    /// </summary>
    public static async Task<TaskGroup<T>> RunAsync(IEnumerable<CurioTask<T>>? tasks, Func<TaskGroup<T>, Task> body, GroupWait wait = GroupWait.All)
    {
        ArgumentNullException.ThrowIfNull(body);
        var g = new TaskGroup<T>(tasks, wait);
        await TaskGroup.RunBodyAsync(g.Group, () => body(g));
        return g;
    }

    /// <summary>Iterates the tasks as they end; see <see cref="TaskGroup.GetAsyncEnumerator"/>.</summary>
    public async IAsyncEnumerator<CurioTask<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var t in Group.WithCancellation(cancellationToken)) yield return (CurioTask<T>)t;
    }

    /// <inheritdoc />
    public override string ToString() => Group.ToString();
}
