using System.Collections;

namespace Curio.Actors;

public sealed partial class TaskGroup : IDisposable, IEnumerable<CurioTask>
{
    /// <summary>
    /// In an async thread, Curio's <c>with g:</c>: the same as <see cref="DisposeAsync"/>, through AWAIT. Elsewhere
    /// <see cref="AsyncOnlyError"/>: a task uses <c>await using</c>.
    /// </summary>
    public void Dispose()
    {
        if (!Async.IsAsyncThread) throw new AsyncOnlyError("A TaskGroup is disposed with await using in a task; a plain using works only in an async thread.");
        Async.AWAIT(DisposeAsync);
    }

    /// <summary>
    /// In an async thread, Curio's <c>for t in g:</c>: the tasks in completion order, each through AWAIT of
    /// <see cref="NextDoneAsync"/>. Elsewhere <see cref="AsyncOnlyError"/>: a task uses <c>await foreach</c>.
    /// </summary>
    public IEnumerator<CurioTask> GetEnumerator()
    {
        if (!Async.IsAsyncThread) throw new AsyncOnlyError("A TaskGroup is iterated with await foreach in a task; a plain foreach works only in an async thread.");
        return Done();

        IEnumerator<CurioTask> Done()
        {
            while (Async.AWAIT(NextDoneAsync) is { } t) yield return t;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Starts an async thread in the group (Curio's <c>g.spawn_thread</c>): its backing task is a member like a spawned
    /// task, joined, cancelled and waited on with the others. <see cref="InvalidOperationException"/> once joined.
    /// </summary>
    public AsyncThread SpawnThread(Action func, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => { func(); return null; }, daemon, name)));

    /// <summary>Starts an async thread with a result in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread<T> SpawnThread<T>(Func<T> func, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => func(), daemon, name)));

    /// <summary>Starts <c>func(arg)</c> in an async thread in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread SpawnThread<TArg>(Action<TArg> func, TArg arg, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => { func(arg); return null; }, daemon, name)));

    /// <summary>Starts <c>func(arg)</c> in an async thread in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread<T> SpawnThread<TArg, T>(Func<TArg, T> func, TArg arg, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => func(arg), daemon, name)));

    /// <summary>Starts <c>func(arg1, arg2)</c> in an async thread in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread SpawnThread<T1, T2>(Action<T1, T2> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => { func(arg1, arg2); return null; }, daemon, name)));

    /// <summary>Starts <c>func(arg1, arg2)</c> in an async thread in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread<T> SpawnThread<T1, T2, T>(Func<T1, T2, T> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => func(arg1, arg2), daemon, name)));

    /// <summary>Starts <c>func(arg1, arg2, arg3)</c> in an async thread in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread SpawnThread<T1, T2, T3>(Action<T1, T2, T3> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => { func(arg1, arg2, arg3); return null; }, daemon, name)));

    /// <summary>Starts <c>func(arg1, arg2, arg3)</c> in an async thread in the group; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public AsyncThread<T> SpawnThread<T1, T2, T3, T>(Func<T1, T2, T3, T> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        new(InGroup(AsyncThread.NewTask("TaskGroup.SpawnThread", func, () => func(arg1, arg2, arg3), daemon, name)));

    private ThreadTask InGroup(ThreadTask task)
    {
        Launch(task);
        return task;
    }
}
