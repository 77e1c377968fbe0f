using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Akka.Event;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Diagnostics;

/// <summary>
/// The Curio.Actors ActivitySource and Meter, seen through ActivityListener, MeterListener and OpenTelemetry's in-memory
/// exporter. Listeners are process-wide and other specs run at the same time, so every check keeps only what belongs
/// to this spec: its trace (a root activity it starts) or its kernel (the curio.kernel tag).
/// </summary>
public class TelemetrySpecs : KernelSpec
{
    private Kernel KernelOn(SchedulingMode mode, bool spawnSites = false)
    {
        var k = Kernel.Create(Sys, new KernelOptions { Scheduling = mode, TimeProvider = Time, CaptureSpawnSites = spawnSites });
        Time.Attach(k);
        return k;
    }

    /// <summary>Spawns "main" from the spec inside a root activity of the spec's own, whose trace is then the spec's to read.</summary>
    private static (CurioTask<T> Main, ActivityTraceId Trace) SpawnUnderRoot<T>(Kernel k, Func<Task<T>> body)
    {
        using var root = Traces.Spec.StartActivity("spec-root")!;
        var main = k.Spawn(body, name: "main");
        Assert.Same(root, Activity.Current); // spawning does not change the caller's current activity
        return (main, root.TraceId);
    }

    /// <summary>Waits for main's end and for <paramref name="count"/> activities of its trace (the root included) to stop.</summary>
    private async Task Ended(Traces traces, CurioTask main, ActivityTraceId trace, int count)
    {
        await main.Completion.WaitAsync(Limit);
        AwaitCondition(() => traces.Of(trace).Count == count, Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Every_task_has_an_activity_parented_along_the_task_tree(SchedulingMode mode)
    {
        using var traces = new Traces();
        var k = KernelOn(mode);
        var seenInside = new ConcurrentDictionary<string, ActivitySpanId>();
        var (main, trace) = SpawnUnderRoot(k, async () =>
        {
            seenInside["main"] = Activity.Current!.SpanId;
            var child = Spawn(async () =>
            {
                seenInside["child"] = Activity.Current!.SpanId;
                await Sleep(S(1));
                var grandchild = Spawn(async () => { seenInside["grandchild"] = Activity.Current!.SpanId; await Sleep(S(1)); }, name: "grandchild");
                await grandchild.JoinAsync();
            }, name: "child");
            await child.JoinAsync();
            return 0;
        });
        await Ended(traces, main, trace, 4);

        var rootSpan = traces.Named(trace, "spec-root");
        var m = traces.Named(trace, "main");
        var c = traces.Named(trace, "child");
        var g = traces.Named(trace, "grandchild");
        Assert.Equal(rootSpan.SpanId, m.ParentSpanId);   // Kernel.Spawn from outside: the caller's Activity.Current
        Assert.Equal(m.SpanId, c.ParentSpanId);          // inside a task: the spawner's activity
        Assert.Equal(c.SpanId, g.ParentSpanId);
        Assert.Equal(m.SpanId, seenInside["main"]);      // a body runs with its task's activity as Activity.Current
        Assert.Equal(c.SpanId, seenInside["child"]);
        Assert.Equal(g.SpanId, seenInside["grandchild"]);
        Assert.Equal(main.Id, m.GetTagItem("curio.task.id"));
        Assert.Equal(main.Id, c.GetTagItem("curio.task.parent_id"));
        Assert.Equal(k.KernelActor.Path.Name, m.GetTagItem("curio.kernel"));
        Assert.All([m, c, g], a => Assert.Equal(ActivityKind.Internal, a.Kind));
        Assert.All([m, c, g], a => Assert.Equal("ok", a.GetTagItem("curio.task.outcome")));
        Assert.All([m, c, g], a => Assert.Equal(ActivityStatusCode.Ok, a.Status));
        Assert.Equal(main.Cycles, m.GetTagItem("curio.task.cycles"));
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_tasks_activity_ends_with_its_outcome(SchedulingMode mode)
    {
        using var traces = new Traces();
        var k = KernelOn(mode);
        var (main, trace) = SpawnUnderRoot(k, async () =>
        {
            var ok = Spawn(async () => { await Sleep(S(1)); return 1; }, name: "ok");
            var failed = Spawn(async () => { await Sleep(S(1)); throw new InvalidOperationException("boom"); }, name: "failed");
            var cancelled = Spawn(async () => await Sleep(S(60)), name: "cancelled");
            var timedOut = Spawn(async () => await TimeoutAfter(S(2), Sleep, S(60)), name: "timed-out");
            await Sleep(S(5));
            await cancelled.CancelAsync();
            foreach (var t in new CurioTask[] { ok, failed, timedOut }) await t.WaitAsync();
            return 0;
        });
        await Ended(traces, main, trace, 6);

        var ok = traces.Named(trace, "ok");
        Assert.Equal(("ok", ActivityStatusCode.Ok), (ok.GetTagItem("curio.task.outcome"), ok.Status));
        var failed = traces.Named(trace, "failed");
        Assert.Equal(("error", ActivityStatusCode.Error, "boom"), (failed.GetTagItem("curio.task.outcome"), failed.Status, failed.StatusDescription));
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.GetTagItem("error.type"));
        var ev = Assert.Single(failed.Events, e => e.Name == "exception");
        Assert.Contains(ev.Tags, t => t.Key == "exception.message" && (string?)t.Value == "boom");
        var cancelled = traces.Named(trace, "cancelled");
        Assert.Equal(("cancelled", ActivityStatusCode.Unset), (cancelled.GetTagItem("curio.task.outcome"), cancelled.Status));
        var timedOut = traces.Named(trace, "timed-out");
        Assert.Equal(("timeout", ActivityStatusCode.Error), (timedOut.GetTagItem("curio.task.outcome"), timedOut.Status));
        Assert.Equal(typeof(TaskTimeout).FullName, timedOut.GetTagItem("error.type"));
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_task_groups_tasks_are_children_of_the_groups_activity(SchedulingMode mode)
    {
        using var traces = new Traces();
        var k = KernelOn(mode);
        var (main, trace) = SpawnUnderRoot(k, async () =>
        {
            await using var g = new TaskGroup(GroupWait.Any);
            g.Spawn(async () => await Sleep(S(1)), name: "first");
            g.Spawn(async () => await Sleep(S(10)), name: "second");
            await g.JoinAsync();
            return g.Completed!.Id;
        });
        await Ended(traces, main, trace, 5);
        var first = main.Result;
        var m = traces.Named(trace, "main");
        var group = traces.Named(trace, "TaskGroup");
        Assert.Equal(m.SpanId, group.ParentSpanId);
        Assert.Equal(group.SpanId, traces.Named(trace, "first").ParentSpanId);
        Assert.Equal(group.SpanId, traces.Named(trace, "second").ParentSpanId);
        Assert.Equal("any", group.GetTagItem("curio.group.wait"));
        Assert.Equal(first, group.GetTagItem("curio.group.completed_id"));
        Assert.Equal("cancelled", traces.Named(trace, "second").GetTagItem("curio.task.outcome")); // the join cancelled it
        Assert.True(group.StartTimeUtc + group.Duration <= m.StartTimeUtc + m.Duration); // the join ended the group's activity
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    /// <summary>Measurements of the Curio.Actors meter for one kernel (the curio.kernel tag), by instrument.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _seen = new();

        public Measurements()
        {
            _listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == CurioTelemetry.Name) l.EnableMeasurementEvents(i); };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Keep(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Keep(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Keep(i, v, tags));
            _listener.Start();
        }

        private void Keep(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var d = new Dictionary<string, object?>();
            foreach (var t in tags) d[t.Key] = t.Value;
            _seen.Enqueue((i.Name, v, d));
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public List<(double Value, Dictionary<string, object?> Tags)> Of(string instrument, string tag, string value) =>
            _seen.Where(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && Equals(v, value))
                 .Select(m => (m.Value, m.Tags)).ToList();

        public void Dispose() => _listener.Dispose();
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task The_meter_counts_spawns_ends_by_outcome_cancellations_and_timeouts(SchedulingMode mode)
    {
        using var meter = new Measurements();
        var k = KernelOn(mode);
        var kernel = k.KernelActor.Path.Name;
        await RunIn(k, async () =>
        {
            var ok = Spawn(async () => await Sleep(S(5)), name: "sleeper");
            var failed = Spawn(async () => { await Sleep(S(1)); throw new InvalidOperationException("boom"); });
            var cancelled = Spawn(async () => await Sleep(S(60)));
            var timedOut = Spawn(async () => await TimeoutAfter(S(2), Sleep, S(60)));
            await Sleep(S(3));
            await cancelled.CancelAsync();
            foreach (var t in new CurioTask[] { ok, failed, timedOut }) await t.WaitAsync();
            return 0;
        });
        List<(double, Dictionary<string, object?>)> ended(string outcome) =>
            meter.Of("curio.tasks.ended", "curio.kernel", kernel).Where(m => (string?)m.Tags["curio.task.outcome"] == outcome).Select(m => (m.Value, m.Tags)).ToList();
        AwaitCondition(() => meter.Of("curio.tasks.ended", "curio.kernel", kernel).Count == 5, Limit);
        Assert.Equal(5, meter.Of("curio.tasks.spawned", "curio.kernel", kernel).Sum(m => m.Value));
        Assert.Equal(2, ended("ok").Count);            // main and the sleeper
        Assert.Single(ended("error"));
        Assert.Single(ended("cancelled"));
        Assert.Single(ended("timeout"));
        Assert.Equal(1, meter.Of("curio.cancellations.delivered", "curio.kernel", kernel).Sum(m => m.Value));
        Assert.Equal(1, meter.Of("curio.timeouts.delivered", "curio.kernel", kernel).Sum(m => m.Value));
        // Time parked, on the kernel's (virtual) clock: the sleeper's one wait of exactly 5 s.
        var parked = meter.Of("curio.task.parked.duration", "curio.kernel", kernel);
        Assert.Contains(parked, m => m.Value == 5.0 && (string?)m.Tags["curio.task.state"] == "TIME_SLEEP");
        Assert.DoesNotContain(parked, m => m.Value > 5.0);
        // One slice measured per slice run (no virtual time passes inside a slice).
        var slices = meter.Of("curio.task.slice.duration", "curio.kernel", kernel);
        Assert.True(slices.Count >= 10, $"{slices.Count} slices");
        Assert.All(slices, m => Assert.Equal(0.0, m.Value));
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Gauges_report_live_and_parked_tasks_per_kernel_and_named_queue_sizes(SchedulingMode mode)
    {
        using var meter = new Measurements();
        var k = KernelOn(mode);
        var kernel = k.KernelActor.Path.Name;
        var queueName = "jobs-" + Guid.NewGuid().ToString("N");
        var q = new CurioQueue<int>(name: queueName);
        var unnamed = new CurioQueue<int>();
        var evt = new Event();
        var waiters = Enumerable.Range(0, 3).Select(_ => k.Spawn(evt.WaitAsync)).ToList();
        var busy = k.Spawn(async () => { await q.PutAsync(1); await q.PutAsync(2); await unnamed.PutAsync(3); });
        await busy.Completion.WaitAsync(Limit);
        AwaitCondition(() => waiters.All(t => t.State == "EVENT_WAIT"), Limit);
        meter.Observe();
        Assert.Equal([3.0], meter.Of("curio.tasks.live", "curio.kernel", kernel).Select(m => m.Value));
        Assert.Equal([3.0], meter.Of("curio.tasks.parked", "curio.kernel", kernel).Select(m => m.Value));
        Assert.Equal([2.0], meter.Of("curio.queue.size", "curio.queue.name", queueName).Select(m => m.Value));
        Assert.Equal(queueName, q.Name);
        Assert.Null(unnamed.Name);
        evt.Set();
        foreach (var t in waiters) await t.Completion.WaitAsync(Limit);
        await k.ShutdownAsync().WaitAsync(Limit);
        meter.Observe();
        Assert.Equal([3.0], meter.Of("curio.tasks.live", "curio.kernel", kernel).Select(m => m.Value)); // a shut-down kernel is no longer observed
        GC.KeepAlive(q);
    }

    [Fact]
    public async Task OpenTelemetrys_in_memory_exporters_receive_the_tasks_spans_and_the_metrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var k = KernelOn(SchedulingMode.Sequential);
        var kernel = k.KernelActor.Path.Name;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(CurioTelemetry.Name).AddInMemoryExporter(spans).Build())
        using (var metering = Sdk.CreateMeterProviderBuilder().AddMeter(CurioTelemetry.Name).AddInMemoryExporter(metrics).Build())
        {
            var t = k.Spawn(async () => { await Sleep(S(2)); return 7; }, name: "exported-" + kernel);
            Assert.Equal(7, await t.Completion.WaitAsync(Limit));
            AwaitCondition(() => { tracing!.ForceFlush(); lock (spans) return spans.Any(s => s.DisplayName == "exported-" + kernel); }, Limit);
            metering!.ForceFlush();
        }
        Activity span;
        lock (spans) span = spans.Single(s => s.DisplayName == "exported-" + kernel);
        Assert.Equal("ok", span.GetTagItem("curio.task.outcome"));
        var spawned = metrics.Last(m => m.Name == "curio.tasks.spawned"); // one export per flush, cumulative
        var points = new List<long>();
        foreach (ref readonly var p in spawned.GetMetricPoints())
        {
            foreach (var tag in p.Tags)
                if (tag.Key == "curio.kernel" && (string?)tag.Value == kernel) points.Add(p.GetSumLong());
        }
        Assert.Equal([1L], points);
        Assert.Contains(metrics, m => m.Name == "curio.task.parked.duration");
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_task_collected_without_a_join_is_warned_about_once_with_where_it_was_spawned(SchedulingMode mode)
    {
        var log = CreateTestProbe();
        Sys.EventStream.Subscribe(log, typeof(Warning));
        var k = KernelOn(mode, spawnSites: true);
        var (forgotten, others, line) = await RunIn(k, SpawnTasksAndForgetOne);
        // The GC decides when: collect until the warning comes, a bounded number of times.
        string? warning = null;
        for (var i = 0; i < 50 && warning is null; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            warning = log.ReceiveWhile<Warning>(TimeSpan.FromMilliseconds(100), m => (Warning)m)
                .Select(w => w.Message.ToString()!).FirstOrDefault(m => m.Contains($"(id={forgotten},", StringComparison.Ordinal));
        }
        Assert.NotNull(warning);
        Assert.StartsWith($"CurioTask(id={forgotten}, name=forgotten, state=TERMINATED) never joined; spawned at TelemetrySpecs.SpawnTasksAndForgetOne at ", warning);
        Assert.EndsWith($"TelemetrySpecs.cs:{line}", warning);
        // Joined, daemon, failed and cancelled tasks are never warned about, and the forgotten one only once.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        var more = log.ReceiveWhile<Warning>(TimeSpan.FromMilliseconds(200), m => (Warning)m).Select(w => w.Message.ToString()!).ToList();
        Assert.DoesNotContain(more, m => m.Contains($"(id={forgotten},", StringComparison.Ordinal));
        foreach (var id in others) Assert.DoesNotContain(more.Append(warning), m => m.Contains($"(id={id},", StringComparison.Ordinal));
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    // Spawns from a task and keeps no reference to the forgotten one: the caller gets only ids.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(long Forgotten, long[] Others, int Line)> SpawnTasksAndForgetOne()
    {
        var line = Line(); var forgotten = Spawn(async () => await Sleep(S(1)), name: "forgotten").Id;
        var joined = Spawn(async () => await Sleep(S(1)), name: "joined");
        var daemon = Spawn(async () => await Sleep(S(1)), daemon: true, name: "daemon").Id;
        var failed = Spawn(async () => { await Sleep(S(1)); throw new InvalidOperationException("expected"); }, name: "failed").Id;
        var cancelled = Spawn(async () => await Sleep(S(1)), name: "cancelled");
        await cancelled.CancelAsync();
        await joined.JoinAsync();
        await Sleep(S(2)); // all of them have ended
        return (forgotten, [joined.Id, daemon, failed, cancelled.Id], line);
    }

    private static int Line([CallerLineNumber] int line = 0) => line;
}
