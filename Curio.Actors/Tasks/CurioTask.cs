using System.Runtime.ExceptionServices;
using Akka.Actor;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A Curio task (Curio's <c>Task</c>): an async body that runs on its own Akka actor under the kernel actor.
/// Every resumption of the body is a message to that actor, which is what lets a cancel or a timeout reach the
/// task while it is blocked. Get one from <see cref="Async.Spawn(Func{Task}, bool, string?)"/> or
/// <see cref="Kernel.Spawn(Func{Task}, bool, string?, IActorRef?)"/>.
/// </summary>
public partial class CurioTask
{
    private readonly Func<Task> _body;
    private readonly WaitQueue _joiners; // also the lock of the task's outcome (one object less per task)
    private IActorRef _actor = ActorRefs.Nobody;
    private TaskCompletionSource<object?>? _completion;
    private IActorRef? _notify;
    private volatile bool _terminated;
    private object? _result;
    private Exception? _exception;
    private int _cancelled;
    private volatile bool _joined;
    private bool _retire;
    private TimeoutEntry? _timeoutEntry;
    private CancellationTokenSource? _cts;
    private List<TimeSpan?>? _deadlines;
    private TaskMailbox? _mailbox;

    internal CurioTask(KernelCore core, Func<Task> body, bool daemon, string? name, CurioTask? parent)
    {
        Core = core;
        _body = body;
        _stateSince = core.Time.GetTimestamp();
        _joiners = new WaitQueue();
        Id = KernelCore.NextTaskId();
        Daemon = daemon;
        _name = name;
        ParentId = parent?.Id;
        Context = new TaskSyncContext(this);
    }

    // ---- public surface -------------------------------------------------------------------------

    /// <summary>A process-wide, ever-increasing task id.</summary>
    public long Id { get; }

    /// <summary>The task's name: the name given at spawn, else the body's method name.</summary>
    public string Name
    {
        get
        {
            var n = _name; // read once: another thread may be storing the name it made
            if (n is string s) return s;
            return (string)(_name = NameOf(n as Delegate ?? _body)); // reflection only when someone asks
        }
    }

    // The given name, else the function to name the task after, until someone asks (one field: a parked task's size counts).
    private object? _name;

    /// <summary>Names the task after the user's function when <c>_body</c> wraps it (arguments bound, a ValueTask adapted).</summary>
    internal void NameAfter(Delegate source)
    {
        if (_name is null && !ReferenceEquals(source, _body)) _name = source;
    }

    /// <summary>The id of the task that spawned this one; null for a task spawned from outside the kernel.</summary>
    public long? ParentId { get; }

    /// <summary>True for a daemon task: cancelled at shutdown and by task groups, excluded from their results.</summary>
    public bool Daemon { get; }

    /// <summary>
    /// What the task is doing: INITIAL, READY, RUNNING, TERMINATED, or the blocking operation it waits in
    /// (TIME_SLEEP, TASK_JOIN, FUTURE_WAIT, EVENT_WAIT, LOCK_ACQUIRE, QUEUE_GET, ...).
    /// </summary>
    public string State
    {
        get => _state;
        internal set
        {
            _state = value;
            _stateSince = Core.Time.GetTimestamp(); // for the snapshot's time in state
        }
    }

    private string _state = "INITIAL";
    private long _stateSince;

    /// <summary>How many times the task has been run (messages its actor processed for it).</summary>
    public int Cycles { get; internal set; }

    /// <summary>True once a cancel request was accepted (not set by cancelling a task that had already ended).</summary>
    public bool Cancelled => Volatile.Read(ref _cancelled) == 1;

    /// <summary>True once the body has ended.</summary>
    public bool Terminated => _terminated;

    /// <summary>True once the outcome was collected by a join, a read of <see cref="Result"/>, or a cancel.</summary>
    public bool Joined => _joined;

    /// <summary>The actor hosting the task's body.</summary>
    public IActorRef Actor => _actor;

    /// <summary>
    /// The body's result. Throws <see cref="InvalidOperationException"/> while the task runs; once it has ended,
    /// rethrows the original exception if it failed. Marks the task joined.
    /// </summary>
    public object? Result
    {
        get
        {
            if (!_terminated) throw new InvalidOperationException($"Task not terminated: task {Id} ({Name}) is {State}.");
            MarkJoined();
            if (_exception is { } e) ExceptionDispatchInfo.Throw(e);
            return _result;
        }
    }

    /// <summary>The exception the task ended with, or null. Throws <see cref="InvalidOperationException"/> while it runs.</summary>
    public Exception? Exception
    {
        get
        {
            if (!_terminated) throw new InvalidOperationException($"Task not terminated: task {Id} ({Name}) is {State}.");
            return _exception;
        }
    }

    /// <summary>
    /// Completes when the task ends, with its result or its original exception. For code outside the kernel
    /// (threads, actors, tests); a task waits with <see cref="JoinAsync"/> or <see cref="WaitAsync"/> instead.
    /// </summary>
    public Task<object?> Completion
    {
        get
        {
            lock (_joiners)
            {
                if (_completion is null)
                {
                    _completion = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    if (_terminated) CompleteCompletion();
                }
                return _completion.Task;
            }
        }
    }

    /// <summary>
    /// Waits for the task to end and returns its result (Curio's <c>join</c>). If it ended with an exception,
    /// its cancellation included, throws <see cref="TaskError"/> with that exception as the inner exception.
    /// A cancellation point.
    /// </summary>
    public async ValueTask<object?> JoinAsync()
    {
        await WaitForEnd(nameof(JoinAsync));
        MarkJoined();
        Volatile.Read(ref Group)?.Discard(this); // a joined task leaves its group (Curio)
        if (_exception is { } e) throw new TaskError(this, e);
        return _result;
    }

    /// <summary>Waits for the task to end without raising its error (Curio's <c>wait</c>). A cancellation point.</summary>
    public ValueTask WaitAsync() => WaitForEnd(nameof(WaitAsync));

    /// <summary>
    /// Cancels the task (Curio's <c>cancel</c>): <paramref name="exception"/> (default <see cref="TaskCancelled"/>) is
    /// raised in it at its current or next blocking operation. With <paramref name="blocking"/> the caller then waits
    /// for the task to end. Never raises the task's failure. On a task that has ended it only marks it joined.
    /// Callable from a task, and from outside the kernel, where the returned task completes when the target has ended.
    /// </summary>
    public ValueTask CancelAsync(Exception? exception = null, bool blocking = true)
    {
        var me = Current;
        RequestCancel(exception, me);
        if (!blocking) return default;
        if (me is null) return new ValueTask(Completion.ContinueWith(static _ => { }, TaskScheduler.Default));
        if (me == this) me.ThrowIfCancelPending();
        return WaitCore(me);
    }

    /// <summary>
    /// Cancels the task with a new <paramref name="exceptionType"/> made with its own name as the message, as Curio's
    /// <c>cancel(exc=SomeClass)</c> does (<c>TaskCancelled("TaskCancelled")</c>); see <see cref="CancelAsync(Exception?, bool)"/>.
    /// The type needs a constructor taking the message; it need not be a <see cref="CancelledError"/>.
    /// </summary>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(-1)] // CancelAsync(null) stays the default exception
    public ValueTask CancelAsync(Type exceptionType, bool blocking = true)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        if (!typeof(Exception).IsAssignableFrom(exceptionType) || exceptionType.IsAbstract
            || exceptionType.GetConstructor([typeof(string)]) is not { } ctor)
            throw new ArgumentException($"{exceptionType} is not an exception type with a (string message) constructor.", nameof(exceptionType));
        Exception exception;
        try { exception = (Exception)ctor.Invoke([exceptionType.Name]); }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        return CancelAsync(exception, blocking);
    }

    /// <summary>
    /// Puts <paramref name="message"/> in the task's mailbox (Akka's Tell; callable from any thread, actor or task),
    /// where the task takes it with <see cref="Async.ReceiveAsync{T}(Func{T, bool}?)"/>. Messages arrive once, in the
    /// order told. The sender defaults to the telling task's <see cref="Ref"/>, else the telling actor's Self. A message
    /// told to a task that has ended goes to dead letters.
    /// </summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Mailbox.Post(message, sender ?? Current?.Ref ?? ActorCell.GetCurrentSelfOrNoSender());
    }

    /// <summary>
    /// An <see cref="IActorRef"/> for the task's mailbox: what an actor tells it (or replies to it, or an Ask sends
    /// through it) is queued for <see cref="Async.ReceiveAsync{T}(Func{T, bool}?)"/>. It is a local reference and
    /// cannot be watched.
    /// </summary>
    public IActorRef Ref => Mailbox.Ref;

    /// <inheritdoc />
    public override string ToString() => CurrentWait is null
        ? $"CurioTask(id={Id}, name={Name}, state={State})"
        : $"CurioTask(id={Id}, name={Name}, state={State}) at {Where()?.ToString() ?? "?"}"; // Curio's "at file:line" while parked

    // ---- kernel side ----------------------------------------------------------------------------

    internal KernelCore Core { get; }
    internal TaskSyncContext Context { get; }
    internal bool IsMain { get; init; }
    internal IActorRef? Notify { set => _notify = value; }

    /// <summary>The task whose code is running on this thread (an async thread runs as its backing task), or null.</summary>
    internal static CurioTask? Current => (SynchronizationContext.Current as TaskSyncContext)?.Task ?? ThreadTask.OnThisThread;

    /// <summary>The current task, or a clear error naming the operation that needs one.</summary>
    internal static CurioTask Require(string operation) => Current ?? throw new InvalidOperationException(
        $"{operation} must be called from inside a Curio task (Kernel.Run, Async.Spawn or Kernel.Spawn); no task is running here. " +
        "Code outside the kernel can await CurioTask.Completion instead.");

    /// <summary>The task group the task belongs to, or null; written under the group's lock.</summary>
    internal TaskGroup? Group;

    /// <summary>False for a task whose actor was made for it (under a group actor): it stops instead of being pooled.</summary>
    internal bool Pooled = true;

    /// <summary>The result without marking the task joined (for task groups).</summary>
    internal object? RawResult => _result;

    /// <summary>The task's mailbox, made on first use.</summary>
    internal TaskMailbox Mailbox
    {
        get
        {
            var m = Volatile.Read(ref _mailbox);
            if (m is not null) return m;
            Interlocked.CompareExchange(ref _mailbox, new TaskMailbox(this), null);
            return _mailbox!;
        }
    }

    // Owned by the task's actor: only touched while it runs this task's messages.
    internal WaitNode? CurrentWait;
    internal Exception? CancelPending;
    internal int DisableDepth;
    /// <summary>The effective timeout (Curio's task.timeout), kept as ticks so other threads read it whole.</summary>
    internal TimeSpan? Timeout => DeadlineOf(Volatile.Read(ref _deadlineTicks));
    internal List<TimeSpan?> Deadlines => _deadlines ??= new List<TimeSpan?>(2);
    internal bool AllowCancel => DisableDepth == 0;

    internal void Bind(IActorRef actor) => _actor = actor;

    /// <summary>
    /// True if the task keeps <paramref name="message"/> to run later itself (an async thread's backing task does,
    /// while its thread runs outside AWAIT); the actor then neither runs nor counts it.
    /// </summary>
    internal virtual bool Hold(TaskMessage message) => false;

    internal void Send(object message)
    {
        Core.MessageSent();
        SerialExecutor.TellInOrder(_actor, message);
    }

    // Curio's ContextTask: the child starts in a copy of the spawner's context (AsyncLocal values, Activity.Current),
    // taken at spawn. .NET's ExecutionContext is copy-on-write, so later changes leak neither way.
    private ExecutionContext? _spawnContext = ExecutionContext.Capture();

    internal void StartBody()
    {
        if (_spawnContext is { } context)
        {
            _spawnContext = null; // the body's async methods hold what they need; an ended task keeps none of it
            ExecutionContext.Run(context, static s => ((CurioTask)s!).StartBodyHere(), this);
        }
        else
            StartBodyHere();
    }

    private void StartBodyHere()
    {
        State = "RUNNING";
        Hooks?.BodyStarting(this);
        Task t;
        try { t = _body(); }
        catch (Exception e) { Finish(null, e); return; }
        _bodyTask = t; // where Where() starts walking
        if (t.IsCompleted) OnBodyEnded(t);
        // Captured on the task's context: it runs inline when the body ends on its actor (a task without that
        // context refuses to inline there, which would cost a slice) and is posted otherwise. The method group reads
        // the body from _bodyTask, so no closure is kept per parked task.
        else t.GetAwaiter().UnsafeOnCompleted(BodyTaskEnded);
    }

    private void BodyTaskEnded() => OnBodyEnded(_bodyTask!);

    private protected virtual object? ResultOf(Task body)
    {
        body.GetAwaiter().GetResult();
        return null;
    }

    private void OnBodyEnded(Task body)
    {
        object? result = null;
        Exception? error = null;
        try { result = ResultOf(body); }
        catch (Exception e) { error = e; }
        Finish(result, error);
    }

    private void Finish(object? result, Exception? error)
    {
        State = "TERMINATED";
        CurrentWait = null;
        CancelPending = null; // a cancellation never delivered is dropped (Curio)
        if (_timeoutEntry is { } te) Core.Timers.Cancel(te);
        Core.Forget(this); // before anyone can see the task as terminated: Kernel.Tasks never lists an ended task
        lock (_joiners)
        {
            _result = result;
            _exception = error;
            _terminated = true;
            while (_joiners.Dequeue() is WaitNode<bool> n) n.TryWake(true);
            if (_completion is not null) CompleteCompletion();
        }
        Interlocked.MemoryBarrier(); // pairs with TaskGroup.AddTask: one of the two sees the other
        Volatile.Read(ref Group)?.OnTaskDone(this);
        _notify?.Tell(new TaskCompleted(this, result, error), ActorRefs.NoSender);
        Core.OnFinished(this);
        Diagnostics.Telemetry.Finished(this, error);
        Hooks?.EndedOutsideSlice(this);
        _retire = true;
    }

    private void CompleteCompletion()
    {
        if (_exception is { } e) _completion!.TrySetException(e);
        else _completion!.TrySetResult(_result);
    }

    /// <summary>True once, after the message that ended the body: the actor may host another task.</summary>
    internal bool ReadyToRetire(IActorRef actor)
    {
        if (!_retire) return false;
        _retire = false;
        return actor.Equals(_actor);
    }

    /// <summary>Parks the current task in <paramref name="node"/> (Curio's blocking trap).</summary>
    internal ValueTask<T> Park<T>(WaitNode<T> node, string state, object? on = null)
    {
        node.On = on;
        CurrentWait = node;
        State = state;
        node.OnParked();
        if (node.IsDone) State = "READY"; // woken before it even parked
        return new ValueTask<T>(node, 0);
    }

    /// <summary>
    /// Called by every blocking operation before it registers a wait: raises a pending cancellation if delivery is
    /// allowed. Fast paths that do not block skip it, as in Curio.
    /// </summary>
    internal void ThrowIfCancelPending()
    {
        if (CancelPending is { } e && AllowCancel)
        {
            CancelPending = null;
            CancelToken();
            throw e;
        }
    }

    internal void OnWaitEnded(WaitNode node)
    {
        if (CurrentWait == node)
        {
            CurrentWait = null;
            State = "RUNNING";
        }
        node.Resume();
    }

    internal bool RequestCancel(Exception? exception, CurioTask? caller)
    {
        lock (_joiners)
        {
            if (_terminated)
            {
                MarkJoined();
                return false;
            }
            if (Interlocked.CompareExchange(ref _cancelled, 1, 0) != 0) return false;
        }
        var exc = exception ?? new TaskCancelled();
        if (caller == this) OnCancelRequest(exc);
        else Send(new CancelMessage(this, exc));
        return true;
    }

    internal void OnCancelRequest(Exception exception)
    {
        if (_terminated) return;
        ResetTimeout(null); // an accepted cancel clears the timeout, so no timeout pre-empts the cleanup
        Deliver(exception);
    }

    internal void OnTimeoutTimer()
    {
        if (_terminated || Timeout is not { } deadline) return;
        var now = Core.Clock;
        if (now < deadline)
        {
            ArmTimeoutTimer(deadline);
            return;
        }
        SetDeadlineField(null);
        Deliver(new TaskTimeout(now));
    }

    /// <summary>Raises the exception at the blocking operation the task is parked in, or leaves it pending.</summary>
    private void Deliver(Exception exception)
    {
        Diagnostics.Telemetry.Delivered(this, exception);
        if (CurrentWait is { } w && AllowCancel && w.TryAbort(exception))
        {
            CurrentWait = null;
            State = "RUNNING";
            CancelToken();
            w.Resume();
            return;
        }
        if (exception is not TaskTimeout || CancelPending is null or TaskTimeout) CancelPending = exception; // a timeout never replaces a cancel
        if (AllowCancel && CurrentWait is null) CancelToken(); // stop the .NET operation the body awaits
    }

    /// <summary>Curio's _set_timeout: the earlier of the new deadline and the one in force. Returns the previous one.</summary>
    internal TimeSpan? SetTimeout(TimeSpan? deadline)
    {
        var prior = Timeout;
        if (deadline is { } d && (prior is null || d < prior)) ResetTimeout(d);
        return prior;
    }

    /// <summary>
    /// Curio's _unset_timeout: restores <paramref name="prior"/>. If it has already passed, a timeout becomes pending
    /// for the next blocking call (re-arming); otherwise a pending, now stale, timeout is dropped.
    /// </summary>
    internal TimeSpan UnsetTimeout(TimeSpan? prior)
    {
        var now = Core.Clock;
        if (prior is { } p && p <= now)
        {
            ResetTimeout(null);
            if (CancelPending is null or TaskTimeout) CancelPending = new TaskTimeout(now);
        }
        else
        {
            if (Timeout != prior) ResetTimeout(prior);
            if (CancelPending is TaskTimeout) CancelPending = null;
        }
        return now;
    }

    /// <summary>Makes <paramref name="deadline"/> the effective timeout and arms the timer for it.</summary>
    private void ResetTimeout(TimeSpan? deadline)
    {
        SetDeadlineField(deadline);
        ArmTimeoutTimer(deadline);
    }

    // Timeout's store: a TimeSpan? can tear when the time queue's thread reads it. A full fence: the queue must see
    // the new deadline before ArmTimeoutTimer looks at where the entry is queued (see TimeoutEntry.CurrentDeadline).
    private long _deadlineTicks = long.MaxValue;

    private void SetDeadlineField(TimeSpan? deadline) => Interlocked.Exchange(ref _deadlineTicks, deadline?.Ticks ?? long.MaxValue);

    private static TimeSpan? DeadlineOf(long ticks) => ticks == long.MaxValue ? null : TimeSpan.FromTicks(ticks);

    private void ArmTimeoutTimer(TimeSpan? deadline)
    {
        var timers = Core.Timers;
        if (deadline is { } d)
        {
            var e = _timeoutEntry ??= new TimeoutEntry(this);
            // Queued for an earlier time: it fires first and the queue moves it to this deadline then (Curio never
            // deletes time queue entries either). A TimeoutAfter around a quick call thus touches no heap at all.
            if (!timers.Exact && e.HeapIndex >= 0 && e.Deadline <= d) return;
            timers.Schedule(e, d);
        }
        else if (timers.Exact && _timeoutEntry is { } te)
        {
            timers.Cancel(te); // a virtual clock must not jump to a deadline nobody waits for
        }
    }

    /// <summary>The task's effective deadline in the kernel's time queue; expiring tells the task's actor.</summary>
    private sealed class TimeoutEntry(CurioTask task) : ITimeEntry
    {
        private int _heapIndex = -1;

        public int HeapIndex { get => Volatile.Read(ref _heapIndex); set => Volatile.Write(ref _heapIndex, value); }
        public TimeSpan Deadline { get; set; }
        public long Sequence { get; set; }

        public TimeSpan? CurrentDeadline() => task.Timeout;

        public void Expire(TimeSpan now)
        {
            if (!task._terminated) task.Send(new TimeoutMessage(task));
        }
    }

    /// <summary>The token of the task's current cancellation scope; see <see cref="Async.TaskCancellationToken"/>.</summary>
    internal CancellationToken Token => (_cts ??= new CancellationTokenSource()).Token;

    private void CancelToken()
    {
        var cts = _cts;
        if (cts is null) return;
        _cts = null; // later code, the cleanup included, gets a fresh token
        _ = cts.CancelAsync(); // callbacks run off the actor, never inside a kernel operation
    }

    private ValueTask WaitForEnd(string operation)
    {
        var me = Require(operation);
        if (me == this) throw new InvalidOperationException($"Task {Id} ({Name}) cannot {operation} itself: it would wait forever.");
        return WaitCore(me);
    }

    private ValueTask WaitCore(CurioTask me)
    {
        WaitNode<bool> node;
        lock (_joiners)
        {
            if (_terminated) return default;
            me.ThrowIfCancelPending();
            node = new WaitNode<bool>(me);
            _joiners.Enqueue(node);
        }
        me.Park(node, "TASK_JOIN", this);
        return new ValueTask(node, 0);
    }

    internal static string NameOf(Delegate d)
    {
        var n = d.Method.Name;
        var g = n.IndexOf("g__", StringComparison.Ordinal);
        if (g >= 0)
        {
            var end = n.IndexOf('|', g);
            return end > g + 3 ? n[(g + 3)..end] : n;
        }
        var lt = n.IndexOf('<');
        var gt = n.IndexOf('>');
        return lt >= 0 && gt > lt + 1 ? n[(lt + 1)..gt] : n;
    }
}
