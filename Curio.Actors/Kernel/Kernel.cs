using System.Runtime.ExceptionServices;
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
public sealed class Kernel : IAsyncDisposable
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
        akka.stdout-loglevel = WARNING
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

    /// <summary>True once <see cref="ShutdownAsync"/> has finished.</summary>
    public bool IsShutDown => _core.IsShutDown;

    /// <summary>
    /// Spawns a task, from outside the kernel (a thread, an actor, a test) or from a task, which becomes its parent.
    /// With <paramref name="notify"/>, that actor receives a <see cref="TaskCompleted"/> message when the task ends.
    /// </summary>
    public CurioTask Spawn(Func<Task> body, bool daemon = false, string? name = null, IActorRef? notify = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        RefuseOutsideSpawnDuringShutdown();
        var t = new CurioTask(_core, body, daemon, name, CurioTask.Current) { Notify = notify };
        _core.Launch(t);
        return t;
    }

    /// <summary>Spawns a task with a result from outside the kernel; see <see cref="Spawn(Func{Task}, bool, string?, IActorRef?)"/>.</summary>
    public CurioTask<T> Spawn<T>(Func<Task<T>> body, bool daemon = false, string? name = null, IActorRef? notify = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        RefuseOutsideSpawnDuringShutdown();
        var t = new CurioTask<T>(_core, body, daemon, name, CurioTask.Current) { Notify = notify };
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
    /// for each to end, then stops the kernel actor and its idle task actors. Spawning afterwards fails.
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
    }

    /// <summary>Shuts the kernel down; see <see cref="ShutdownAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    /// <summary>
    /// Runs <paramref name="main"/> as the main task of a new kernel on an embedded ActorSystem (Curio's <c>run</c>),
    /// returns its result or rethrows its exception unchanged, and always shuts down: the remaining tasks are
    /// cancelled newest first, then the ActorSystem terminates.
    /// </summary>
    public static T Run<T>(Func<Task<T>> main, KernelOptions? options = null) =>
        RunAsync(main, options).GetAwaiter().GetResult();

    /// <summary>Runs a main task without a result; see <see cref="Run{T}(Func{Task{T}}, KernelOptions?)"/>.</summary>
    public static void Run(Func<Task> main, KernelOptions? options = null) =>
        RunAsync(main, options).GetAwaiter().GetResult();

    /// <summary>The asynchronous form of <see cref="Run(Func{Task}, KernelOptions?)"/>.</summary>
    public static async Task RunAsync(Func<Task> main, KernelOptions? options = null) =>
        await RunAsync<object?>(async () => { await main(); return null; }, options).ConfigureAwait(false);

    /// <summary>The asynchronous form of <see cref="Run{T}(Func{Task{T}}, KernelOptions?)"/>.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> main, KernelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        options ??= new KernelOptions();
        var config = options.ActorSystemConfig is null ? s_embeddedConfig : options.ActorSystemConfig.WithFallback(s_embeddedConfig);
        var system = ActorSystem.Create("curio", config);
        try
        {
            var kernel = Create(system, options);
            var task = new CurioTask<T>(kernel._core, main, daemon: false, name: "main", parent: null) { IsMain = true };
            kernel._core.Launch(task);
            ExceptionDispatchInfo? failure = null;
            T result = default!;
            try { result = (T)(await task.Completion.ConfigureAwait(false))!; }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            await kernel.ShutdownAsync().ConfigureAwait(false);
            failure?.Throw();
            return result;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
