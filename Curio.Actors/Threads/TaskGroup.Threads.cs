namespace Curio.Actors;

public sealed partial class TaskGroup
{
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

    private ThreadTask InGroup(ThreadTask task)
    {
        Launch(task);
        return task;
    }
}
