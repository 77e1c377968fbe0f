using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Event;
using Akka.TestKit;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Diagnostics;

/// <summary>Curio's activations and the debug tracers built on them, on virtual time, writing through Akka's logging.</summary>
public class ActivationSpecs : KernelSpec
{
    private sealed class Recorder : Activation
    {
        public readonly ConcurrentQueue<string> Events = new();
        public override void Activate(Kernel kernel) => Events.Enqueue("activate");
        public override void Created(CurioTask task) => Events.Enqueue($"created {task.Name}");
        public override void Running(CurioTask task) => Events.Enqueue($"running {task.Name}");
        public override void Suspended(CurioTask task, string reason) => Events.Enqueue($"suspended {task.Name} {reason}");
        public override void Terminated(CurioTask task) => Events.Enqueue($"terminated {task.Name}");
    }

    private Kernel KernelWith(SchedulingMode mode, params Activation[] activations)
    {
        var k = Kernel.Create(Sys, new KernelOptions { Scheduling = mode, TimeProvider = Time, Activations = activations });
        Time.Attach(k);
        return k;
    }

    /// <summary>The Akka event stream's log events (published asynchronously).</summary>
    private TestProbe EventStreamLog()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(LogEvent));
        return probe;
    }

    /// <summary>An Akka logging adapter that keeps what the tracers write, synchronously and in order.</summary>
    private sealed class CaptureLog() : LoggingAdapterBase(DefaultLogMessageFormatter.Instance)
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public List<string> Lines => [.. _lines];
        public override bool IsDebugEnabled => true;
        public override bool IsInfoEnabled => true;
        public override bool IsWarningEnabled => true;
        public override bool IsErrorEnabled => true;
        protected override void NotifyLog(LogLevel logLevel, object message, Exception? cause) => _lines.Enqueue($"{logLevel}|{message}");
    }

    private static async Task MainThatSleepsThreeTimes()
    {
        await Sleep(S(1));
        await Sleep(S(1));
        await Sleep(S(1));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Hooks_run_in_Curios_order_around_every_slice(SchedulingMode mode)
    {
        var rec = new Recorder();
        var k = KernelWith(mode, rec);
        var t = k.Spawn(MainThatSleepsThreeTimes);
        await t.Completion.WaitAsync(Limit);
        // Completion is set inside the last slice; the slice's Suspended and then Terminated come right after it.
        AwaitCondition(() => rec.Events.Contains("terminated MainThatSleepsThreeTimes"), Limit);
        string[] slice(string reason) => ["running MainThatSleepsThreeTimes", $"suspended MainThatSleepsThreeTimes {reason}"];
        Assert.Equal(
        [
            "activate", "created MainThatSleepsThreeTimes",
            .. slice("TIME_SLEEP"), .. slice("TIME_SLEEP"), .. slice("TIME_SLEEP"), .. slice("TERMINATED"),
            "terminated MainThatSleepsThreeTimes",
        ], rec.Events);
        Assert.Equal(4, t.Cycles);
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_throwing_hook_is_logged_and_the_task_goes_on(SchedulingMode mode)
    {
        var log = EventStreamLog();
        var k = KernelWith(mode, new Throwing());
        Assert.Equal(42, await k.Spawn(async () => { await Sleep(S(1)); return 42; }).Completion.WaitAsync(Limit));
        var e = log.FishForMessage<Error>(m => m.LogSource.StartsWith("curio "), Limit);
        Assert.Contains("Throwing", e.Message.ToString());
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    private sealed class Throwing : Activation
    {
        public override void Running(CurioTask task) => throw new InvalidOperationException("hook");
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task SchedTrace_logs_create_run_suspend_terminated_of_the_named_tasks(SchedulingMode mode)
    {
        var log = new CaptureLog();
        var k = KernelWith(mode, new SchedTrace(log, filter: ["traced"]));
        Time.AutoJump = false; // both tasks spawned at time 0: an idle kernel between the two spawns must not jump
        var other = k.Spawn(async () => await Sleep(S(1)), name: "other");
        var t = k.Spawn(async () => await Sleep(S(2)), name: "traced");
        Time.AutoJump = true;
        await t.Completion.WaitAsync(Limit);
        await other.Completion.WaitAsync(Limit);
        AwaitCondition(() => log.Lines.Any(l => l.Contains("TERMINATED:", StringComparison.Ordinal)), Limit);
        var id = t.Id;
        Assert.Equal(
        [
            $"CREATE:0.000000:CurioTask(id={id}, name=traced, state=READY)",
            $"RUN:0.000000:CurioTask(id={id}, name=traced, state=READY)",
            $"SUSPEND:0.000000:CurioTask(id={id}, name=traced, state=TIME_SLEEP)",
            $"RUN:2.000000:CurioTask(id={id}, name=traced, state=READY)",
            $"SUSPEND:2.000000:CurioTask(id={id}, name=traced, state=TERMINATED)",
            $"TERMINATED:2.000000:CurioTask(id={id}, name=traced, state=TERMINATED)",
        ], log.Lines.Select(l => l["InfoLevel|".Length..]));
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task TrapTrace_adds_what_each_suspension_waits_on(SchedulingMode mode)
    {
        var log = new CaptureLog();
        var k = KernelWith(mode, new TrapTrace(log, filter: ["getter"]));
        var q = new CurioQueue<int>();
        var t = k.Spawn(async () => await q.GetAsync(), name: "getter");
        AwaitCondition(() => t.State == "QUEUE_GET", Limit);
        await k.Spawn(async () => await q.PutAsync(7), name: "putter").Completion.WaitAsync(Limit);
        Assert.Equal(7, await t.Completion.WaitAsync(Limit));
        AwaitCondition(() => log.Lines is [.., var last] && last.StartsWith("InfoLevel|TERMINATED:", StringComparison.Ordinal), Limit);
        var lines = log.Lines;
        Assert.Contains("InfoLevel|TRAP:QUEUE_GET on CurioQueue(size=0, maxsize=0, getters=1, putters=0)", lines);
        Assert.Equal("InfoLevel|TRAP:TERMINATED", lines[^2]);
        Assert.StartsWith("InfoLevel|TERMINATED:", lines[^1]);
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task LogCrash_logs_a_crash_and_not_a_cancellation(SchedulingMode mode)
    {
        var log = new CaptureLog();
        var k = KernelWith(mode, new LogCrash(log));
        var crash = k.Spawn(async () => { await Sleep(S(1)); throw new InvalidOperationException("boom"); }, name: "crasher");
        var victim = k.Spawn(async () => await Sleep(S(60)), name: "victim");
        await Assert.ThrowsAsync<InvalidOperationException>(() => crash.Completion.WaitAsync(Limit));
        await victim.CancelAsync().AsTask().WaitAsync(Limit);
        await k.ShutdownAsync().WaitAsync(Limit);
        Assert.Equal([$"ErrorLevel|Task Crash: CurioTask(id={crash.Id}, name=crasher, state=TERMINATED): InvalidOperationException: boom"], log.Lines);
    }

    [Fact]
    public async Task Tracers_write_through_Akka_logging_under_curio_debug()
    {
        var log = EventStreamLog();
        var k = KernelWith(SchedulingMode.Sequential, new LogCrash(level: LogLevel.WarningLevel)); // the spec's system logs from Warning up
        var crash = k.Spawn(async () => { await Sleep(S(1)); throw new InvalidOperationException("boom"); }, name: "crasher");
        await Assert.ThrowsAsync<InvalidOperationException>(() => crash.Completion.WaitAsync(Limit));
        var e = log.FishForMessage<Warning>(m => m.LogSource.StartsWith("curio.debug"), Limit);
        Assert.Equal($"Task Crash: CurioTask(id={crash.Id}, name=crasher, state=TERMINATED): InvalidOperationException: boom", e.Message.ToString());
        Assert.Equal("boom", e.Cause?.Message);
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    private static int Here([CallerLineNumber] int line = 0) => line;

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task LongBlock_warns_of_a_slice_longer_than_max_time_with_where_it_stopped(SchedulingMode mode)
    {
        var log = new CaptureLog();
        var k = KernelWith(mode, new LongBlock(TimeSpan.FromMilliseconds(500), log, filter: ["blocker", "quick"]));
        var line = 0;
        var quick = k.Spawn(async () => { Time.Advance(S(0.5)); await Sleep(S(1)); }, name: "quick"); // at the limit: not over it
        await quick.Completion.WaitAsync(Limit);
        var t = k.Spawn(async () =>
        {
            Time.Advance(S(2)); // the slice "blocks" the kernel for 2 s of virtual time
            line = Here(); await Sleep(S(1));
        }, name: "blocker");
        await t.Completion.WaitAsync(Limit);
        var warning = Assert.Single(log.Lines);
        Assert.StartsWith($"WarningLevel|Long block: CurioTask(id={t.Id}, name=blocker, state=TIME_SLEEP) ran for 2.000 s without waiting (max 0.5 s); it reached ", warning);
        Assert.EndsWith($"ActivationSpecs.cs:{line}", warning);
        await k.ShutdownAsync().WaitAsync(Limit);
    }
}
