using System.Diagnostics;
using Akka.Actor;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Curio.Actors.Engine;

namespace Curio.Actors.Diagnostics;

/// <summary>
/// The library's ActivitySource and Meter and the kernel's calls into them. Every call first checks whether anyone
/// listens (a field read), so a kernel nobody observes pays that and nothing else.
/// </summary>
internal static class Telemetry
{
    /// <summary>
    /// Ends <paramref name="activity"/> and leaves the thread's <see cref="Activity.Current"/> as it was: Stop would make
    /// the activity's parent current again, whatever the thread had meanwhile (dotnet/runtime#48034).
    /// </summary>
    internal static void StopKeepingCurrent(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }

    private static readonly string? s_version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(CurioTelemetry.Name, s_version);
    internal static readonly Meter Meter = new(CurioTelemetry.Name, s_version);

    private static readonly Counter<long> s_spawned = Meter.CreateCounter<long>("curio.tasks.spawned", "{task}", "Tasks spawned");
    private static readonly Counter<long> s_ended = Meter.CreateCounter<long>("curio.tasks.ended", "{task}", "Tasks ended, by outcome (ok, error, cancelled, timeout)");
    private static readonly Counter<long> s_cancels = Meter.CreateCounter<long>("curio.cancellations.delivered", "{cancellation}", "Cancel requests delivered to tasks (raised at a blocking call, or left pending for the next one)");
    private static readonly Counter<long> s_timeouts = Meter.CreateCounter<long>("curio.timeouts.delivered", "{timeout}", "Expired timeouts delivered to tasks");
    internal static readonly Histogram<double> Parked = Meter.CreateHistogram<double>("curio.task.parked.duration", "s", "Time a task waited between two slices, on the kernel's clock");
    internal static readonly Histogram<double> Slice = Meter.CreateHistogram<double>("curio.task.slice.duration", "s", "Time a task ran without waiting (one slice), on the kernel's clock");

    private static readonly ConditionalWeakTable<KernelCore, string> s_kernels = new();
    private static readonly ConditionalWeakTable<object, NamedQueue> s_queues = new();

    static Telemetry()
    {
        Meter.CreateObservableGauge("curio.tasks.live", ObserveLive, "{task}", "Tasks alive in a kernel");
        Meter.CreateObservableGauge("curio.tasks.parked", ObserveParked, "{task}", "Tasks of a kernel parked in a blocking operation");
        Meter.CreateObservableGauge("curio.queue.size", ObserveQueues, "{item}", "Items in a named queue");
    }

    /// <summary>The tag every measurement of a kernel carries: its kernel actor's name, unique in its ActorSystem.</summary>
    internal static KeyValuePair<string, object?> KernelTag(KernelCore core) => new("curio.kernel", NameOf(core));

    private static string NameOf(KernelCore core) =>
        s_kernels.TryGetValue(core, out var n) ? n : core.KernelRef.IsNobody() ? core.Options.Name : core.KernelRef.Path.Name;

    internal static void KernelStarted(KernelCore core) => s_kernels.AddOrUpdate(core, core.KernelRef.Path.Name);

    internal static void KernelStopped(KernelCore core) => s_kernels.Remove(core);

    /// <summary>Spawn: counts the task and gives it its hooks (activations and, while listened to, telemetry).</summary>
    internal static void Launched(CurioTask task, ActivationSet? activations)
    {
        TaskHooks? hooks = activations;
        if (s_spawned.Enabled) s_spawned.Add(1, KernelTag(task.Core));
        if (Source.HasListeners() || Slice.Enabled || Parked.Enabled) hooks = new TaskTrace(task, activations);
        if (task.Core.Options.CaptureSpawnSites) task.SpawnSite = SpawnSites.Capture();
        task.Hooks = hooks;
        hooks?.Created(task);
    }

    /// <summary>The body ended: counts the outcome, and watches for a task nobody will join (Curio's "never joined").</summary>
    internal static void Finished(CurioTask task, Exception? error)
    {
        if (s_ended.Enabled) s_ended.Add(1, KernelTag(task.Core), new("curio.task.outcome", OutcomeOf(error)));
        NeverJoined.Watch(task, error);
    }

    /// <summary>A cancel or an expired timeout reached the task (raised now, or pending for its next blocking call).</summary>
    internal static void Delivered(CurioTask task, Exception exception)
    {
        var counter = exception is TaskTimeout ? s_timeouts : s_cancels;
        if (counter.Enabled) counter.Add(1, KernelTag(task.Core));
    }

    /// <summary>ok, error, cancelled or timeout: the tag a task's end carries.</summary>
    internal static string OutcomeOf(Exception? error) => error switch
    {
        null => "ok",
        TaskTimeout or TimeoutCancellationError => "timeout",
        CancelledError => "cancelled",
        _ => "error",
    };

    /// <summary>Names a queue for the curio.queue.size gauge; the queue stays collectable.</summary>
    internal static void NameQueue(object queue, string name, Func<int> size) => s_queues.AddOrUpdate(queue, new NamedQueue(name, size));

    private static IEnumerable<Measurement<int>> ObserveLive()
    {
        foreach (var (core, name) in s_kernels) yield return new(core.LiveTasks.Count, new KeyValuePair<string, object?>("curio.kernel", name));
    }

    private static IEnumerable<Measurement<int>> ObserveParked()
    {
        foreach (var (core, name) in s_kernels)
        {
            var parked = 0;
            foreach (var t in core.LiveTasks)
                if (t.CurrentWait is not null) parked++;
            yield return new(parked, new KeyValuePair<string, object?>("curio.kernel", name));
        }
    }

    private static IEnumerable<Measurement<int>> ObserveQueues()
    {
        foreach (var (_, q) in s_queues) yield return new(q.Size(), new KeyValuePair<string, object?>("curio.queue.name", q.Name));
    }

    private sealed record NamedQueue(string Name, Func<int> Size);
}
