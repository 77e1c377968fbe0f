using System.Runtime.CompilerServices;
using Akka.Actor;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A group of tasks that are waited for, and cleaned up, together (Curio's <c>TaskGroup</c>).
/// <para>
/// Curio's <c>async with TaskGroup() as g:</c> has two C# forms, because <see cref="DisposeAsync"/> cannot see whether
/// the block is leaving normally or by an exception:
/// <list type="bullet">
/// <item><c>await using var g = new TaskGroup(); ...; await g.JoinAsync();</c>: the normal path ends with an explicit
/// <see cref="JoinAsync"/>. If the block leaves without having joined (an exception, an early return, a cancellation),
/// <see cref="DisposeAsync"/> does what Curio does when the body raises: <see cref="CancelRemainingAsync"/>, then the
/// join's cleanup (daemons cancelled); the exception then propagates as usual.</item>
/// <item><c>var g = await TaskGroup.RunAsync(async g => { ... });</c>: the lambda is the block, exactly as Curio: on a
/// normal exit it joins; if the body throws it cancels the remaining tasks, joins, and rethrows the body's exception.</item>
/// </list>
/// </para>
/// <para>
/// Cleanup guarantee: however <see cref="JoinAsync"/> ends (it returns early under its policy, or the waiting task is
/// cancelled or times out), every task still running, daemons included, is cancelled with <see cref="TaskCancelled"/>
/// (never a timeout) and waited for, one at a time, so no task outlives the join. That cleanup runs with cancellation
/// delivery disabled (a little stronger than Curio, where a second cancel of the joiner could cut it short); a
/// cancellation arriving meanwhile stays pending for the joiner's next blocking call. Join never raises a child's
/// error: failures show through <see cref="Result"/>, <see cref="Exception"/>, <see cref="Results"/> and
/// <see cref="Exceptions"/>.
/// </para>
/// <para>
/// Actor tree: the group has an actor under the kernel actor (group-N), and each task spawned through the group gets
/// its own actor under it, named task-ID (not a pooled one), so an actor-system view shows membership. Tasks added with
/// <see cref="AddTask"/> keep the actor they already run on. The group actor stops once the group is joined.
/// </para>
/// A task leaves the group through its own <see cref="CurioTask.JoinAsync"/>, <see cref="NextDoneAsync"/> or
/// <see cref="CancelRemainingAsync"/>; as in Curio's code (not its docs) a plain <see cref="CurioTask.CancelAsync(Exception?, bool)"/> does
/// not remove it. Members may be touched from any thread; the waits are made by tasks.
/// </summary>
public sealed partial class TaskGroup : IAsyncDisposable, IAsyncEnumerable<CurioTask>
{
    private static int s_groups;
    private readonly object _gate = new();
    private readonly WaitQueue _waiters;
    private readonly HashSet<CurioTask> _running = new();   // non-daemon tasks still running
    private readonly List<CurioTask> _finished = new();     // non-daemon tasks ended, in completion order
    private readonly HashSet<CurioTask> _daemons = new();   // daemon tasks still running
    private int _examined;                                  // how many of _finished the join has looked at
    private bool _closed;                                   // the join's cleanup started: no more tasks
    private bool _joined;
    private bool _joinStarted;
    private CurioTask? _completed;
    private IActorRef? _actor;

    /// <summary>An empty group with the given wait policy.</summary>
    public TaskGroup(GroupWait wait = GroupWait.All) : this(null, wait) { }

    /// <summary>
    /// A group holding existing <paramref name="tasks"/>, added in order (Curio's <c>tasks=</c>): finished ones count
    /// as finished, daemons as daemons. A task already in a group raises <see cref="ArgumentException"/>.
    /// </summary>
    public TaskGroup(IEnumerable<CurioTask>? tasks, GroupWait wait = GroupWait.All)
    {
        if (!Enum.IsDefined(wait)) throw new ArgumentOutOfRangeException(nameof(wait), wait, "Unknown wait policy.");
        Wait = wait;
        _waiters = new WaitQueue(_gate);
        StartTelemetry();
        if (tasks is null) return;
        foreach (var t in tasks)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tasks));
            if (Volatile.Read(ref t.Group) is not null)
                throw new ArgumentException($"Task {t.Id} ({t.Name}) is already part of a task group.", nameof(tasks));
            AddTask(t);
        }
    }

    /// <summary>The wait policy of <see cref="JoinAsync"/>.</summary>
    public GroupWait Wait { get; }

    /// <summary>True once <see cref="JoinAsync"/> (or the cleanup of <see cref="DisposeAsync"/>) has finished.</summary>
    public bool Joined
    {
        get { lock (_gate) return _joined; }
    }

    /// <summary>The group's actor (null until the group spawns its first task).</summary>
    public IActorRef? Actor
    {
        get { lock (_gate) return _actor; }
    }

    /// <summary>
    /// The first task that counted under the policy when joining: the first to end (<see cref="GroupWait.All"/>,
    /// <see cref="GroupWait.Any"/>), or the first with a non-null result or a failure (<see cref="GroupWait.Object"/>).
    /// Null if none did.
    /// </summary>
    public CurioTask? Completed
    {
        get { lock (_gate) return _completed; }
    }

    /// <summary>The tracked non-daemon tasks (running or ended, not yet removed), in task-id order.</summary>
    public IReadOnlyList<CurioTask> Tasks
    {
        get { lock (_gate) return Tracked(); }
    }

    /// <summary>The daemon tasks of the group still running, in task-id order.</summary>
    public IReadOnlyList<CurioTask> Daemons
    {
        get { lock (_gate) return _daemons.OrderBy(t => t.Id).ToList(); }
    }

    /// <summary>
    /// The result of <see cref="Completed"/>; rethrows its exception if it failed. <see cref="InvalidOperationException"/>
    /// before the join, or if no task completed.
    /// </summary>
    public object? Result
    {
        get
        {
            var c = RequireJoined(nameof(Result));
            if (c is null) throw new InvalidOperationException("No task successfully completed.");
            return c.Result;
        }
    }

    /// <summary>The exception of <see cref="Completed"/>, or null. <see cref="InvalidOperationException"/> before the join.</summary>
    public Exception? Exception => RequireJoined(nameof(Exception))?.Exception;

    /// <summary>
    /// The results of the tracked tasks in task-id order. Rethrows the first failing task's exception (a
    /// <see cref="TaskCancelled"/> for a task the group cancelled). <see cref="InvalidOperationException"/> before the join.
    /// </summary>
    public IReadOnlyList<object?> Results
    {
        get
        {
            RequireJoined(nameof(Results));
            List<CurioTask> tasks;
            lock (_gate) tasks = Tracked();
            return tasks.Select(t => t.Result).ToList();
        }
    }

    /// <summary>The exceptions of the tracked tasks (null for a success) in task-id order. <see cref="InvalidOperationException"/> before the join.</summary>
    public IReadOnlyList<Exception?> Exceptions
    {
        get
        {
            RequireJoined(nameof(Exceptions));
            List<CurioTask> tasks;
            lock (_gate) tasks = Tracked();
            return tasks.Select(t => t.Exception).ToList();
        }
    }

    /// <summary>
    /// Spawns a task in the group (Curio's <c>g.spawn</c>). Never blocks; the task gets its own actor under the
    /// group's actor. <see cref="InvalidOperationException"/> once the group is joined.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn(Func<Task> body, bool daemon = false, string? name = null) =>
        Add(body, body, daemon, name);

    /// <summary>Spawns <c>body()</c> in the group, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T>(Func<Task<T>> body, bool daemon = false, string? name = null) =>
        Add(body, body, daemon, name);

    /// <summary>Spawns <c>body()</c> in the group, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn(Func<ValueTask> body, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(body), body, daemon, name);

    /// <summary>Spawns <c>body()</c> in the group, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T>(Func<ValueTask<T>> body, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(body), body, daemon, name);

    /// <summary>Spawns <c>func(arg1)</c> in the group, for an async function; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn<T1>(Func<T1, Task> func, T1 arg1, bool daemon = false, string? name = null) =>
        Add(BodyForms.Bind(func, arg1), func, daemon, name);

    /// <summary>Spawns <c>func(arg1)</c> in the group, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T>(Func<T1, Task<T>> func, T1 arg1, bool daemon = false, string? name = null) =>
        Add(BodyForms.Bind(func, arg1), func, daemon, name);

    /// <summary>Spawns <c>func(arg1)</c> in the group, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn<T1>(Func<T1, ValueTask> func, T1 arg1, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(BodyForms.Bind(func, arg1)), func, daemon, name);

    /// <summary>Spawns <c>func(arg1)</c> in the group, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T>(Func<T1, ValueTask<T>> func, T1 arg1, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(BodyForms.Bind(func, arg1)), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2)</c> in the group, for an async function; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn<T1, T2>(Func<T1, T2, Task> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Add(BodyForms.Bind(func, arg1, arg2), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2)</c> in the group, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Add(BodyForms.Bind(func, arg1, arg2), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2)</c> in the group, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn<T1, T2>(Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2)</c> in the group, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> in the group, for an async function; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn<T1, T2, T3>(Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Add(BodyForms.Bind(func, arg1, arg2, arg3), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> in the group, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T3, T>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Add(BodyForms.Bind(func, arg1, arg2, arg3), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> in the group, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn<T1, T2, T3>(Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, daemon, name);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c> in the group, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T3, T>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Add(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, daemon, name);

    private CurioTask Add(Func<Task> body, Delegate source, bool daemon, string? name)
    {
        ArgumentNullException.ThrowIfNull(source, nameof(body));
        var parent = CurioTask.Require("TaskGroup.Spawn");
        var t = new CurioTask(parent.Core, body, daemon, name, parent);
        t.NameAfter(source);
        return Launch(t);
    }

    private CurioTask<T> Add<T>(Func<Task<T>> body, Delegate source, bool daemon, string? name)
    {
        ArgumentNullException.ThrowIfNull(source, nameof(body));
        var parent = CurioTask.Require("TaskGroup.Spawn");
        var t = new CurioTask<T>(parent.Core, body, daemon, name, parent);
        t.NameAfter(source);
        return (CurioTask<T>)Launch(t);
    }

    /// <summary>
    /// Adds an existing task (Curio's <c>g.add_task</c>). A task that has already ended goes straight to the finished
    /// ones. <see cref="InvalidOperationException"/> if it is already in a group (this one included) or the group is joined.
    /// </summary>
    public void AddTask(CurioTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            Register(task);
            if (task.Terminated) OnTaskDone(task); // it may have ended before it saw the group
        }
    }

    /// <summary>
    /// Waits for the next task to end, in completion order, and returns it, removing it from the group (Curio's
    /// <c>next_done</c>). Returns null when no non-daemon task is running or finished. A cancellation point when it waits.
    /// </summary>
    public async ValueTask<CurioTask?> NextDoneAsync()
    {
        var me = CurioTask.Require(nameof(NextDoneAsync));
        while (true)
        {
            WaitNode<bool> node;
            lock (_gate)
            {
                if (_finished.Count > 0)
                {
                    var t = _finished[0];
                    RemoveFinished(t);
                    Volatile.Write(ref t.Group, null);
                    return t;
                }
                if (_running.Count == 0) return null;
                me.ThrowIfCancelPending();
                node = new WaitNode<bool>(me);
                _waiters.Enqueue(node);
            }
            await me.Park(node, "SEMA_ACQUIRE");
        }
    }

    /// <summary>
    /// The result of the next task to end (Curio's <c>next_result</c>): rethrows its original exception if it failed.
    /// <see cref="InvalidOperationException"/> when the group has no task.
    /// </summary>
    public async ValueTask<object?> NextResultAsync()
    {
        var t = await NextDoneAsync() ?? throw new InvalidOperationException("No task available.");
        return t.Result;
    }

    /// <summary>
    /// Cancels every running non-daemon task (Curio's <c>cancel_remaining</c>): all requests first, then it waits for
    /// each, which then leaves the group. Safe on an empty group. A cancellation point while it waits; a task not yet
    /// waited for when the caller is cancelled stays in the group, so the join still cleans it up.
    /// </summary>
    public async ValueTask CancelRemainingAsync()
    {
        var me = CurioTask.Require(nameof(CancelRemainingAsync));
        List<CurioTask> victims;
        lock (_gate) victims = _running.OrderBy(t => t.Id).ToList();
        foreach (var v in victims) v.RequestCancel(new TaskCancelled(), me);
        foreach (var v in victims)
        {
            if (v != me) await v.WaitAsync();
            lock (_gate)
            {
                if (v.Group != this) continue;
                _running.Remove(v);
                RemoveFinished(v);
                Volatile.Write(ref v.Group, null);
            }
        }
    }

    /// <summary>
    /// Waits under the group's policy (Curio's <c>join</c>), then cancels and waits for every task still running,
    /// daemons included, and marks the group joined; see the class remarks for the guarantee. Never raises a task's
    /// error; raises only if the waiting task itself is cancelled or times out. A second join returns at once.
    /// </summary>
    public async ValueTask JoinAsync()
    {
        var me = CurioTask.Require(nameof(JoinAsync));
        lock (_gate)
        {
            if (_joinStarted) return;
            _joinStarted = true;
        }
        try
        {
            if (Wait == GroupWait.None) return;
            while (true)
            {
                CurioTask? t = null;
                WaitNode<bool>? node = null;
                lock (_gate)
                {
                    if (_examined < _finished.Count) t = _finished[_examined++];
                    else if (_running.Count == 0) return;
                    else
                    {
                        me.ThrowIfCancelPending();
                        node = new WaitNode<bool>(me);
                        _waiters.Enqueue(node);
                    }
                }
                if (node is not null)
                {
                    await me.Park(node, "SEMA_ACQUIRE");
                    continue;
                }
                var failed = t!.Exception is not null;
                var counts = Wait != GroupWait.Object || failed || t.RawResult is not null;
                if (!counts) continue;
                lock (_gate) _completed ??= t;
                if (failed || Wait != GroupWait.All) return;
            }
        }
        finally
        {
            await CleanupAsync(me);
        }
    }

    /// <summary>
    /// Leaves the group's block: if the group was not joined (the block is leaving by an exception, an early return
    /// or a cancellation), cancels the remaining tasks and runs the join's cleanup, as Curio's <c>async with</c> does
    /// when its body raises. The normal path joins explicitly with <see cref="JoinAsync"/> before the block ends.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_joinStarted) return;
        }
        var me = CurioTask.Require(nameof(DisposeAsync));
        me.DisableDepth++;
        try
        {
            await CancelRemainingAsync();
        }
        finally
        {
            me.DisableDepth--;
        }
        await JoinAsync();
    }

    /// <summary>
    /// Curio's <c>async with TaskGroup(wait=...) as g:</c> as a lambda: runs <paramref name="body"/> with a new group;
    /// on a normal exit joins it; if the body throws, cancels the remaining tasks, joins (daemons cancelled), and
    /// rethrows the body's exception. Returns the joined group for its results.
    /// </summary>
    public static Task<TaskGroup> RunAsync(Func<TaskGroup, Task> body, GroupWait wait = GroupWait.All) =>
        RunAsync(null, body, wait);

    /// <summary>
    /// Curio's <c>async with TaskGroup(tasks, wait=...) as g:</c> as a lambda: a group holding the existing
    /// <paramref name="tasks"/> (as the constructor adds them), then <see cref="RunAsync(Func{TaskGroup, Task}, GroupWait)"/>'s
    /// block: joined on a normal exit, cancelled and joined if the body throws.
    /// </summary>
    public static async Task<TaskGroup> RunAsync(IEnumerable<CurioTask>? tasks, Func<TaskGroup, Task> body, GroupWait wait = GroupWait.All)
    {
        ArgumentNullException.ThrowIfNull(body);
        var g = new TaskGroup(tasks, wait);
        await RunBodyAsync(g, () => body(g));
        return g;
    }

    /// <summary>The block of RunAsync: the body, then the join; on an exception the cleanup of DisposeAsync.</summary>
    internal static async Task RunBodyAsync(TaskGroup g, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch
        {
            await g.DisposeAsync();
            throw;
        }
        await g.JoinAsync();
    }

    /// <summary>
    /// Iterates the tasks as they end (Curio's <c>async for t in g</c>), through <see cref="NextDoneAsync"/>, so each
    /// leaves the group: iterating everything leaves <see cref="Results"/> empty.
    /// </summary>
    public async IAsyncEnumerator<CurioTask> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await NextDoneAsync() is { } t)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return t;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_gate) return $"TaskGroup(wait={Wait}, running={_running.Count}, finished={_finished.Count}, daemons={_daemons.Count}, joined={_joined})";
    }

    // ---- kernel side ----------------------------------------------------------------------------

    /// <summary>A member ended (called by the task, on any thread; idempotent).</summary>
    internal void OnTaskDone(CurioTask task)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref task.Group) != this) return;
            if (task.Daemon) _daemons.Remove(task);
            else if (_running.Remove(task)) _finished.Add(task);
            else return;
            while (_waiters.Dequeue() is WaitNode<bool> n) n.TryWake(true);
        }
    }

    /// <summary>The task was joined: it leaves the group.</summary>
    internal void Discard(CurioTask task)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref task.Group) != this) return;
            _running.Remove(task);
            _daemons.Remove(task);
            RemoveFinished(task);
            Volatile.Write(ref task.Group, null);
        }
    }

    private CurioTask Launch(CurioTask task)
    {
        IActorRef actor;
        lock (_gate)
        {
            Register(task);
            actor = _actor ??= NewActor(task.Core);
        }
        try
        {
            task.Core.Launch(task, actor);
        }
        catch
        {
            Discard(task);
            throw;
        }
        return task;
    }

    private void Register(CurioTask task)
    {
        if (_closed || _joined) throw new InvalidOperationException("The task group has already been joined: no task can be added to it.");
        if (Interlocked.CompareExchange(ref task.Group, this, null) is not null) // a full fence: pairs with CurioTask.Finish
            throw new InvalidOperationException($"Task {task.Id} ({task.Name}) is already part of a task group.");
        if (task.Daemon) _daemons.Add(task);
        else _running.Add(task);
    }

    private static IActorRef NewActor(KernelCore core) =>
        core.NewChild(GroupActorProducer.Props, "group-" + Interlocked.Increment(ref s_groups));

    private async ValueTask CleanupAsync(CurioTask me)
    {
        lock (_gate) _closed = true;
        me.DisableDepth++; // no child may outlive the join, even if the joiner is cancelled again meanwhile
        try
        {
            while (true)
            {
                CurioTask? victim;
                lock (_gate)
                {
                    victim = _running.Count > 0 ? _running.MinBy(t => t.Id) : _daemons.MinBy(t => t.Id);
                }
                if (victim is null) break;
                if (victim.Terminated || victim == me) OnTaskDone(victim); // it ended but has not told the group yet
                else await victim.CancelAsync(new TaskCancelled());
                if (victim.Terminated) OnTaskDone(victim);
                if (victim == me) Discard(me);
            }
        }
        finally
        {
            me.DisableDepth--;
        }
        IActorRef? actor;
        lock (_gate)
        {
            _joined = true;
            actor = _actor;
        }
        EndTelemetry();
        actor?.Tell(GroupClosed.Instance, ActorRefs.NoSender);
    }

    private CurioTask? RequireJoined(string what)
    {
        lock (_gate)
        {
            if (!_joined) throw new InvalidOperationException($"TaskGroup.{what} is only available once the group has been joined.");
            return _completed;
        }
    }

    private List<CurioTask> Tracked()
    {
        var list = new List<CurioTask>(_running.Count + _finished.Count);
        list.AddRange(_running);
        list.AddRange(_finished);
        list.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return list;
    }

    private void RemoveFinished(CurioTask task)
    {
        var i = _finished.IndexOf(task);
        if (i < 0) return;
        _finished.RemoveAt(i);
        if (i < _examined) _examined--;
    }
}
