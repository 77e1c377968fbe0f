using Akka.Event;

namespace Curio.Actors.Diagnostics;

/// <summary>
/// Curio's "never joined" warning. Curio logs it from the Task's <c>__del__</c>; here a small finalizable object,
/// referenced only by the task, is made when a body ends with nobody having collected its outcome, and its finalizer
/// runs when the task is collected. A join (or Result, or a cancel) later dismisses it (GC.SuppressFinalize), so only
/// tasks really dropped unjoined cost the finalizer thread anything. Conditions as Curio's: not a daemon, not joined,
/// not cancelled, and did not fail (a failure was logged as a crash already). Tasks of a task group count as joined when
/// they end, as in Curio; so does the main task, and a task whose outcome is collected outside the kernel
/// (<see cref="CurioTask.Completion"/>, a notify actor). Async threads are backed by daemon tasks in Curio: no warning.
/// </summary>
internal sealed class NeverJoined
{
    private readonly CurioTask _task;

    private NeverJoined(CurioTask task, TaskFrame? site)
    {
        _task = task;
        Site = site;
    }

    internal TaskFrame? Site { get; }

    internal static void Watch(CurioTask task, Exception? error)
    {
        if (task.Daemon || error is not null || task.Joined || task.Cancelled || task.IsMain || task.Group is not null
            || task.Observed || task.Supervised || task is ThreadTask)
            return;
        task.LeakWatch = new NeverJoined(task, task.SpawnSite);
        if (task.Joined) task.LeakWatch?.Dismiss(); // joined meanwhile, on another thread
    }

    internal void Dismiss() => GC.SuppressFinalize(this);

    ~NeverJoined()
    {
        if (_task.Joined || _task.Cancelled) return;
        try
        {
            var where = Site is { } s ? $"spawned at {s}" : _task.ParentId is { } p
                ? $"spawned by task {p} (KernelOptions.CaptureSpawnSites shows the line)"
                : "spawned from outside the kernel (KernelOptions.CaptureSpawnSites shows the line)";
            _task.Core.Log.Warning("{0} never joined; {1}", _task.Repr, where);
        }
        catch (Exception)
        {
            // A finalizer must not throw; a log that is gone (its ActorSystem terminated) loses the line.
        }
    }
}
