using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace Curio.Actors.Engine;

/// <summary>
/// The state one kernel shares with its tasks: the clock, the kernel actor, the pool of idle task actors and the
/// registry of live tasks.
/// </summary>
internal sealed class KernelCore
{
    private static long s_nextTaskId;
    private readonly long _start;
    private readonly Props _taskProps;
    private readonly ConcurrentDictionary<long, CurioTask> _live = new();
    private readonly TaskCompletionSource _cellReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActorCell? _cell;
    private int _inflight;      // messages sent to task actors and not yet processed
    private int _externalWaits; // tasks parked on .NET work (threads, processes, I/O) that will resume them
    private long _epoch;        // bumped on every message sent
    private volatile int _phase; // 0 running, 1 shutting down, 2 shut down

    internal KernelCore(Kernel owner, ActorSystem system, KernelOptions options, string dispatcherId)
    {
        Owner = owner;
        System = system;
        Options = options;
        Time = options.TimeProvider;
        _start = Time.GetTimestamp();
        Timers = new TimeQueue(Time, () => Clock);
        _taskProps = Props.CreateBy(new TaskActorProducer(this)).WithDispatcher(dispatcherId).WithMailbox(TaskMailboxType.Id);
        Log = Logging.GetLogger(system, "curio");
        Activations = Diagnostics.ActivationSet.For(options, this);
        Pool = new TaskActorPool(options.MaxIdleTaskActors, options.PoolTrimInterval);
    }

    internal Kernel Owner { get; }
    internal ActorSystem System { get; }
    internal KernelOptions Options { get; }
    internal TimeProvider Time { get; }
    internal ILoggingAdapter Log { get; }

    /// <summary>The installed activations, or null: the task actor's only cost without them is this null check.</summary>
    internal Diagnostics.ActivationSet? Activations { get; }

    /// <summary>The idle task actors, kept for the next spawns.</summary>
    internal TaskActorPool Pool { get; }

    /// <summary>Every sleep and timeout of the kernel's tasks, expired in deadline order (Curio's time queue).</summary>
    internal TimeQueue Timers { get; }
    internal IActorRef KernelRef { get; private set; } = ActorRefs.Nobody;

    /// <summary>The kernel's monotonic clock: time since the kernel started, on its TimeProvider.</summary>
    internal TimeSpan Clock => Time.GetElapsedTime(_start);

    internal Task Ready => _cellReady.Task;
    internal Task Stopped => _stopped.Task;
    internal bool IsShutDown => _phase == 2;
    internal bool IsShuttingDown => _phase != 0;

    /// <summary>Told when the kernel goes idle: every task is parked and no message is on its way to one.</summary>
    internal IKernelIdleObserver? IdleObserver { get; set; }

    /// <summary>True when no task can run until something outside the kernel (a timer, a thread, I/O) wakes one.</summary>
    internal bool IsIdle => Volatile.Read(ref _inflight) == 0 && Volatile.Read(ref _externalWaits) == 0;

    /// <summary>Changes whenever a message is sent to a task: an idle check compares it before and after.</summary>
    internal long Epoch => Interlocked.Read(ref _epoch);

    internal void MessageSent()
    {
        Interlocked.Increment(ref _epoch);
        Interlocked.Increment(ref _inflight);
    }

    internal void MessageDone()
    {
        if (Interlocked.Decrement(ref _inflight) == 0 && Volatile.Read(ref _externalWaits) == 0) IdleObserver?.KernelIdle(this);
    }

    internal void ExternalWaitBegin() => Interlocked.Increment(ref _externalWaits);

    internal void ExternalWaitEnd()
    {
        if (Interlocked.Decrement(ref _externalWaits) == 0 && Volatile.Read(ref _inflight) == 0) IdleObserver?.KernelIdle(this);
    }

    internal static long NextTaskId() => Interlocked.Increment(ref s_nextTaskId);

    internal void AttachCell(ActorCell cell, IActorRef self)
    {
        _cell = cell;
        KernelRef = self;
        _cellReady.TrySetResult();
    }

    internal void OnKernelActorStopped() => _stopped.TrySetResult();

    internal IReadOnlyCollection<CurioTask> LiveTasks => _live.Values.ToArray();

    /// <summary>
    /// Gives the task an actor (an idle one if any) and starts it. Never blocks. With <paramref name="under"/> (a task
    /// group's actor) the task gets a new actor of its own under it, named task-ID, that stops when the body ends.
    /// </summary>
    internal void Launch(CurioTask task, IActorRef? under = null)
    {
        if (_phase == 2) throw new InvalidOperationException("The kernel has shut down: no task can be spawned on it.");
        var cell = _cell ?? throw new InvalidOperationException("The kernel is not started yet.");
        _live[task.Id] = task;
        IActorRef actor;
        if (under is ActorRefWithCell { Underlying: ActorCell parent })
        {
            task.Pooled = false;
            actor = parent.ActorOf(_taskProps, "task-" + task.Id);
        }
        else
        {
            actor = Pool.Take() ?? cell.ActorOf(_taskProps); // synchronous creation: the mailbox exists before Start is told, so FIFO order holds
        }
        task.Bind(actor);
        task.State = "READY"; // Curio's new_task reschedules the task before the created hook
        Diagnostics.Telemetry.Launched(task, Activations); // the task's hooks (activations, telemetry) and Created
        task.Send(new StartMessage(task));
    }

    /// <summary>Creates a child of the kernel actor (a task group's actor), synchronously.</summary>
    internal IActorRef NewChild(Props props, string name) =>
        (_cell ?? throw new InvalidOperationException("The kernel is not started yet.")).ActorOf(props, name);

    /// <summary>A task actor whose body ended offers itself for reuse. False: the pool is full, stop it.</summary>
    internal bool Retire(IActorRef actor) => Pool.Return(actor, keep: _phase == 0);

    internal void Forget(CurioTask task) => _live.TryRemove(task.Id, out _);

    internal void OnFinished(CurioTask task)
    {
        if (task.Exception is { } e && e is not CancelledError && !task.IsMain)
            Log.Error(e, "Task Crash: task {0} ({1}) ended with {2}", task.Id, task.Name, e.GetType().Name);
    }

    private KernelMonitor? _monitor;

    /// <summary>Curio's monitor on its default port, stopped at shutdown; a port in use is a warning.</summary>
    internal void StartMonitor()
    {
        try { _monitor = KernelMonitor.Start(Owner); }
        catch (System.Net.Sockets.SocketException e) { Log.Warning("Curio monitor not started on port {0}: {1}", KernelMonitor.DefaultPort, e.Message); }
    }

    internal void BeginShutdown() => _phase = Math.Max(_phase, 1);

    internal void EndShutdown()
    {
        _phase = 2;
        Pool.Dispose();
        Timers.Dispose();
        _monitor?.Dispose();
        Diagnostics.Telemetry.KernelStopped(this);
    }
}
