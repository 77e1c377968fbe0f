using Akka.Configuration;

namespace Curio.Actors;

/// <summary>Options of a <see cref="Kernel"/>.</summary>
public sealed class KernelOptions
{
    /// <summary>The clock and timers behind Sleep, Clock and timeouts. Tests pass a fake to run on virtual time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Sequential (Curio's exact orders, the default) or Parallel (all cores).</summary>
    public SchedulingMode Scheduling { get; init; } = SchedulingMode.Sequential;

    /// <summary>The kernel actor's name (made unique within the ActorSystem).</summary>
    public string Name { get; init; } = "curio-kernel";

    /// <summary>
    /// The most idle task actors the kernel keeps for reuse by new tasks (131,072 by default). Below it the pool
    /// follows the recent peak of tasks alive at once, so a new wave of that many tasks creates no actors; after a
    /// burst, the actors beyond the peak of the last 5-10 s of real time are stopped.
    /// </summary>
    public int MaxIdleTaskActors { get; init; } = 131_072;

    /// <summary>How often the idle pool drops the actors beyond the recent peak (specs turn it off with Infinite).</summary>
    internal TimeSpan PoolTrimInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra HOCON for the ActorSystem that <see cref="Kernel.Run(Func{Task}, KernelOptions?)"/> creates.</summary>
    public Config? ActorSystemConfig { get; init; }

    /// <summary>
    /// Whether <see cref="Kernel.Run(Func{Task}, KernelOptions?)"/> takes SIGINT (Ctrl-C) and SIGTERM: the first one
    /// cancels every task, newest first, as Curio's shutdown does; a second one ends the process at once. True by
    /// default; turn it off in hosts that handle signals themselves. <see cref="Kernel.Create"/> never handles signals.
    /// </summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>
    /// How long the tasks may take to unwind after the first signal (5 s by default); then <c>Run</c> stops waiting,
    /// names the tasks left in <see cref="KeyboardInterrupt.Abandoned"/> and tears the ActorSystem down.
    /// </summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a signal, <c>Run</c> throws <see cref="KeyboardInterrupt"/> (true, the default, as Curio) or returns
    /// (false: the main task's result, or the type's default when it was cancelled).
    /// </summary>
    public bool ThrowOnInterrupt { get; init; } = true;

    /// <summary>Hooks on every task's life (Curio's activations), called in this order; tracers such as <see cref="SchedTrace"/>.</summary>
    public IReadOnlyList<Activation> Activations { get; init; } = [];

    /// <summary>
    /// Starts Curio's monitor console (<see cref="KernelMonitor"/>) on 127.0.0.1:48802 with the kernel; the CURIOMONITOR
    /// environment variable (any non-empty value) does the same. A port already taken is logged, not fatal.
    /// </summary>
    public bool Monitor { get; init; }

    /// <summary>
    /// Records where each task is spawned (the first stack frame outside the library, with file and line), so that
    /// Curio's "never joined" warning names it; without it the warning names the spawning task's id. A stack walk per
    /// spawn: for debugging, off by default.
    /// </summary>
    public bool CaptureSpawnSites { get; init; }
}
