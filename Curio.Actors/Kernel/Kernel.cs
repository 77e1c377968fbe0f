using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// A Curio kernel (Curio's <c>Kernel</c>): a kernel actor in an ActorSystem, supervising one actor per running task.
/// <see cref="Run{T}(Func{Task{T}}, KernelOptions?)"/> runs a main task on an embedded ActorSystem, as Curio's
/// <c>run</c> does; <see cref="Create"/> hosts a kernel in an ActorSystem the application already runs.
/// </summary>
public sealed partial class Kernel : IAsyncDisposable
{
    private static int s_kernels;
    /// <summary>
    /// Akka.IO TCP settings for sockets, here so that <c>Run</c>'s own ActorSystem has them; Curio.Actors.Net's
    /// <c>NetConfig.Default</c> is this same text.
    /// </summary>
    internal const string AkkaIoTcpSettings = @"
        akka.io.tcp.maximum-frame-size = 64k
        akka.io.tcp.send-buffer-size = 256k
        akka.io.tcp.receive-buffer-size = 256k";

    private static readonly Config s_embeddedConfig = ConfigurationFactory.ParseString(@"
        akka.loglevel = WARNING
        akka.loggers = [""" + typeof(StderrLogger).AssemblyQualifiedName + @"""]
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.coordinated-shutdown.run-by-actor-system-terminate = on" + AkkaIoTcpSettings);

    private readonly KernelCore _core;
    private readonly object _shutdownGate = new();
    private Task? _shutdown;

    private Kernel(ActorSystem system, KernelOptions options)
    {
        var n = Interlocked.Increment(ref s_kernels);
        string dispatcherId;
        if (options.Scheduling == SchedulingMode.Sequential)
        {
            dispatcherId = $"curio-kernel-dispatcher-{n}";
            var config = ConfigurationFactory.ParseString($@"
                id = ""{dispatcherId}""
                type = Dispatcher
                executor = ""{typeof(KernelExecutorConfigurator).AssemblyQualifiedName}""
                throughput = 1
                throughput-deadline-time = 0ms")
                .WithFallback(system.Settings.Config.GetConfig("akka.actor.default-dispatcher"));
            system.Dispatchers.RegisterConfigurator(dispatcherId, new DispatcherConfigurator(config, system.Dispatchers.Prerequisites));
        }
        else
        {
            dispatcherId = "akka.actor.default-dispatcher";
        }
        system.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString(
            $"{TaskMailboxType.Id} {{ mailbox-type = \"{typeof(TaskMailboxType).AssemblyQualifiedName}\" }}"));
        _core = new KernelCore(this, system, options, dispatcherId);
        system.ActorOf(Props.Create(() => new KernelActor(_core)), $"{options.Name}-{n}");
        if (!_core.Ready.Wait(TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("The kernel actor did not start within 30 s.");
        _core.Activations?.Activate(this);
        Diagnostics.Telemetry.KernelStarted(_core);
        if (options.Monitor || Environment.GetEnvironmentVariable("CURIOMONITOR") is { Length: > 0 }) _core.StartMonitor();
    }

    /// <summary>Hosts a new kernel in an ActorSystem the application already runs.</summary>
    public static Kernel Create(ActorSystem system, KernelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new Kernel(system, options ?? new KernelOptions());
    }

    /// <summary>The ActorSystem the kernel lives in.</summary>
    public ActorSystem System => _core.System;

    /// <summary>The kernel actor, parent and supervisor of every task actor.</summary>
    public IActorRef KernelActor => _core.KernelRef;

    /// <summary>The kernel's options.</summary>
    public KernelOptions Options => _core.Options;

    /// <summary>The kernel's monotonic clock.</summary>
    public TimeSpan Clock => _core.Clock;

    /// <summary>The tasks that have not ended yet.</summary>
    public IReadOnlyCollection<CurioTask> Tasks => _core.LiveTasks;

    /// <summary>A snapshot of every live task, by id (what Curio's monitor <c>ps</c> shows); callable from any thread.</summary>
    public IReadOnlyList<TaskSnapshot> Snapshot() => _core.LiveTasks.OrderBy(t => t.Id).Select(t => t.Snapshot()).ToList();

    /// <summary>True once <see cref="ShutdownAsync"/> has finished.</summary>
    public bool IsShutDown => _core.IsShutDown;

    /// <summary>
    /// Spawns a task, from outside the kernel (a thread, an actor, a test) or from a task, which becomes its parent.
    /// With <paramref name="notify"/>, that actor receives a <see cref="TaskCompleted"/> message when the task ends.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn(Func<Task> body, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(body, body, daemon, name, notify);

    /// <summary>Spawns <c>body()</c>, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T>(Func<Task<T>> body, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(body, body, daemon, name, notify);

    /// <summary>Spawns <c>body()</c>, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn(Func<ValueTask> body, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(body), body, daemon, name, notify);

    /// <summary>Spawns <c>body()</c>, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T>(Func<ValueTask<T>> body, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(body), body, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1)</c>, for an async function; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn<T1>(Func<T1, Task> func, T1 arg1, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Bind(func, arg1), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1)</c>, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T>(Func<T1, Task<T>> func, T1 arg1, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Bind(func, arg1), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1)</c>, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn<T1>(Func<T1, ValueTask> func, T1 arg1, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(BodyForms.Bind(func, arg1)), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1)</c>, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T>(Func<T1, ValueTask<T>> func, T1 arg1, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(BodyForms.Bind(func, arg1)), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2)</c>, for an async function; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn<T1, T2>(Func<T1, T2, Task> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Bind(func, arg1, arg2), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2)</c>, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Bind(func, arg1, arg2), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2)</c>, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn<T1, T2>(Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2)</c>, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c>, for an async function; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public CurioTask Spawn<T1, T2, T3>(Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Bind(func, arg1, arg2, arg3), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c>, for an async function with a result; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T3, T>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Bind(func, arg1, arg2, arg3), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c>, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public CurioTask Spawn<T1, T2, T3>(Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, daemon, name, notify);

    /// <summary>Spawns <c>func(arg1, arg2, arg3)</c>, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public CurioTask<T> Spawn<T1, T2, T3, T>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null, IActorRef? notify = null) =>
        Launch(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, daemon, name, notify);

    internal CurioTask Launch(Func<Task> body, Delegate source, bool daemon, string? name, IActorRef? notify)
    {
        ArgumentNullException.ThrowIfNull(source, nameof(body));
        RefuseOutsideSpawnDuringShutdown();
        var t = new CurioTask(_core, body, daemon, name, CurioTask.Current) { Notify = notify };
        t.NameAfter(source);
        _core.Launch(t);
        return t;
    }

    internal CurioTask<T> Launch<T>(Func<Task<T>> body, Delegate source, bool daemon, string? name, IActorRef? notify)
    {
        ArgumentNullException.ThrowIfNull(source, nameof(body));
        RefuseOutsideSpawnDuringShutdown();
        var t = new CurioTask<T>(_core, body, daemon, name, CurioTask.Current) { Notify = notify };
        t.NameAfter(source);
        _core.Launch(t);
        return t;
    }

    internal KernelCore Core => _core;

    private void RefuseOutsideSpawnDuringShutdown()
    {
        // Tasks may still spawn during shutdown (cleanup code); code outside the kernel may not, or its task could
        // start after the last task was cancelled and be stopped under its body.
        if (_core.IsShuttingDown && CurioTask.Current is null)
            throw new InvalidOperationException("The kernel is shutting down (or has shut down): no task can be spawned on it from outside.");
    }

    /// <summary>
    /// Shuts the kernel down as Curio does: cancels every remaining task, daemons included, newest first, waiting
    /// for each to end, then stops the kernel actor and its idle task actors, and returns once its worker processes
    /// are killed and reaped. Spawning afterwards fails.
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_shutdownGate) return _shutdown ??= ShutdownCore();
    }

    private async Task ShutdownCore()
    {
        _core.BeginShutdown();
        var reaper = new CurioTask(_core, async () =>
        {
            var me = CurioTask.Current!;
            while (true)
            {
                var victims = _core.LiveTasks.Where(t => t != me && !t.Terminated).OrderByDescending(t => t.Id).ToList();
                if (victims.Count == 0) break;
                foreach (var v in victims) await v.CancelAsync();
            }
        }, daemon: true, name: "_shutdown_tasks", parent: null);
        _core.Launch(reaper);
        // A kernel whose ActorSystem has terminated (a host that abandoned tasks after its grace) is over too.
        await Task.WhenAny(reaper.Completion, _core.System.WhenTerminated).ConfigureAwait(false);
        _core.EndShutdown();
        _core.KernelRef.Tell(PoisonPill.Instance);
        await Task.WhenAny(_core.Stopped, _core.System.WhenTerminated).ConfigureAwait(false);
        await KernelWorkers.CloseAsync(_core).ConfigureAwait(false); // no worker process outlives its kernel's shutdown
    }

    /// <summary>Shuts the kernel down; see <see cref="ShutdownAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    /// <summary>
    /// Runs <paramref name="main"/> as the main task of a new kernel on an embedded ActorSystem (Curio's <c>run</c>),
    /// returns its result or rethrows its exception unchanged, and always shuts down: the remaining tasks are
    /// cancelled newest first, then the ActorSystem terminates. Called from inside a running task (where Curio raises
    /// RuntimeError) it throws <see cref="InvalidOperationException"/> at once; kernels on different threads run side by side. SIGINT (Ctrl-C) or SIGTERM meanwhile shuts
    /// the kernel down at once and ends in <see cref="KeyboardInterrupt"/>; see <see cref="KernelOptions.HandleSignals"/>.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void Run(Func<Task> main, KernelOptions? options = null) =>
        RunMain(NoResult(main), main, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>main()</c> as the main task of a new kernel, for an async function with a result (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T Run<T>(Func<Task<T>> main, KernelOptions? options = null) =>
        RunMain(main, main, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>main()</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void Run(Func<ValueTask> main, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(main)), main, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>main()</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T Run<T>(Func<ValueTask<T>> main, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(main), main, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for an async function (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void Run<T1>(Func<T1, Task> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Bind(func, arg1)), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for an async function with a result (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T Run<T1, T>(Func<T1, Task<T>> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(BodyForms.Bind(func, arg1), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void Run<T1>(Func<T1, ValueTask> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(BodyForms.Bind(func, arg1))), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T Run<T1, T>(Func<T1, ValueTask<T>> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(BodyForms.Bind(func, arg1)), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for an async function (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void Run<T1, T2>(Func<T1, T2, Task> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Bind(func, arg1, arg2)), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for an async function with a result (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T Run<T1, T2, T>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(BodyForms.Bind(func, arg1, arg2), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void Run<T1, T2>(Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(BodyForms.Bind(func, arg1, arg2))), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T Run<T1, T2, T>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for an async function (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void Run<T1, T2, T3>(Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Bind(func, arg1, arg2, arg3)), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for an async function with a result (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T Run<T1, T2, T3, T>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(BodyForms.Bind(func, arg1, arg2, arg3), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void Run<T1, T2, T3>(Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3))), func, options).GetAwaiter().GetResult();

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>run(corofunc, *args)</c>); see <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T Run<T1, T2, T3, T>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, options).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Run(Func{Task}, KernelOptions?)"/>; it throws at once when called inside a running task.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task RunAsync(Func<Task> main, KernelOptions? options = null) =>
        RunMain(NoResult(main), main, options);

    /// <summary>Runs <c>main()</c> as the main task of a new kernel, for an async function with a result; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> RunAsync<T>(Func<Task<T>> main, KernelOptions? options = null) =>
        RunMain(main, main, options);

    /// <summary>Runs <c>main()</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task RunAsync(Func<ValueTask> main, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(main)), main, options);

    /// <summary>Runs <c>main()</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> RunAsync<T>(Func<ValueTask<T>> main, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(main), main, options);

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for an async function; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task RunAsync<T1>(Func<T1, Task> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Bind(func, arg1)), func, options);

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for an async function with a result; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> RunAsync<T1, T>(Func<T1, Task<T>> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(BodyForms.Bind(func, arg1), func, options);

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task RunAsync<T1>(Func<T1, ValueTask> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(BodyForms.Bind(func, arg1))), func, options);

    /// <summary>Runs <c>func(arg1)</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> RunAsync<T1, T>(Func<T1, ValueTask<T>> func, T1 arg1, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(BodyForms.Bind(func, arg1)), func, options);

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for an async function; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task RunAsync<T1, T2>(Func<T1, T2, Task> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Bind(func, arg1, arg2)), func, options);

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for an async function with a result; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> RunAsync<T1, T2, T>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(BodyForms.Bind(func, arg1, arg2), func, options);

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task RunAsync<T1, T2>(Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(BodyForms.Bind(func, arg1, arg2))), func, options);

    /// <summary>Runs <c>func(arg1, arg2)</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> RunAsync<T1, T2, T>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), func, options);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for an async function; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task RunAsync<T1, T2, T3>(Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Bind(func, arg1, arg2, arg3)), func, options);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for an async function with a result; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> RunAsync<T1, T2, T3, T>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(BodyForms.Bind(func, arg1, arg2, arg3), func, options);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task RunAsync<T1, T2, T3>(Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(NoResult(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3))), func, options);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> as the main task of a new kernel, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="RunAsync(Func{Task}, KernelOptions?)"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> RunAsync<T1, T2, T3, T>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, KernelOptions? options = null) =>
        RunMain(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), func, options);

    private static Func<Task<object?>> NoResult(Func<Task> main) => async () => { await main(); return null; };

    private static Task<T> RunMain<T>(Func<Task<T>> main, Delegate source, KernelOptions? options)
    {
        ArgumentNullException.ThrowIfNull(source, nameof(main));
        // Curio raises RuntimeError for a kernel run inside a running kernel. Here a run inside a task, or anywhere on a
        // Sequential kernel's strand, would block that strand while the new kernel's first messages wait behind it.
        if (CurioTask.Current is { } running)
            throw new InvalidOperationException(
                $"Kernel.Run cannot be called from inside a running task: a kernel is already running in this task (task {running.Id}, {running.Name}). " +
                "Await the work directly, spawn it with Async.Spawn, or run the other kernel from a thread (Async.RunInThread).");
        if (SerialExecutor.Current is not null)
            throw new InvalidOperationException(
                "Kernel.Run cannot be called on a kernel's scheduling thread: a kernel is already running here. Run the other kernel from a thread of its own.");
        return RunMainCore(main, options);
    }

    private static async Task<T> RunMainCore<T>(Func<Task<T>> main, KernelOptions? options)
    {
        options ??= new KernelOptions();
        var config = options.ActorSystemConfig is null ? s_embeddedConfig : options.ActorSystemConfig.WithFallback(s_embeddedConfig);
        var system = ActorSystem.Create("curio", config);
        try
        {
            var kernel = Create(system, options);
            var task = new CurioTask<T>(kernel._core, main, daemon: false, name: "main", parent: null) { IsMain = true };
            return await kernel.RunMainAsync(task, options).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
