using Akka.Actor;
using Curio.Actors.TestKit;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.TestKit;

/// <summary>Specs written with CurioSpec on the auto-jumping virtual clock.</summary>
public class AutoJumpSpecs : CurioSpec
{
    [Fact]
    public async Task A_thirty_second_timeout_runs_at_once_and_reads_exact_virtual_times()
    {
        var started = DateTime.UtcNow;
        var clock = await RunTask(async () =>
        {
            try { await TimeoutAfter(TimeSpan.FromSeconds(30), async () => await Sleep(TimeSpan.FromMinutes(5))); return TimeSpan.Zero; }
            catch (TaskTimeout e) { return e.Clock; }
        });
        Assert.Equal(TimeSpan.FromSeconds(30), clock);
        Assert.Equal(TimeSpan.FromSeconds(30), Clock.Elapsed);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_retry_loop_with_back_off_runs_in_the_same_order_every_time()
    {
        var log = new List<string>();
        await RunTask(async () =>
        {
            var delay = TimeSpan.FromSeconds(1);
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                log.Add($"attempt {attempt} at {Clock().TotalSeconds}");
                await Sleep(delay);
                delay *= 2;
            }
        });
        Assert.Equal(new[] { "attempt 1 at 0", "attempt 2 at 1", "attempt 3 at 3", "attempt 4 at 7", "attempt 5 at 15" }, log);
        Assert.Equal(TimeSpan.FromSeconds(31), Clock.Elapsed);
    }

    [Fact]
    public async Task Concurrent_sleepers_wake_in_deadline_order()
    {
        var order = new List<int>();
        await RunTask(async () =>
        {
            var tasks = new[] { 5, 1, 4, 2, 3 }.Select(s => Spawn(async () => { await Sleep(TimeSpan.FromSeconds(s)); order.Add(s); })).ToList();
            foreach (var t in tasks) await t.JoinAsync();
        });
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, order);
    }

    [Fact]
    public async Task Nested_timeouts_and_ignore_after_follow_curio_on_virtual_time()
    {
        var r = await RunTask(async () =>
        {
            var ignored = await IgnoreAfter(TimeSpan.FromSeconds(2), async () => { await Sleep(TimeSpan.FromSeconds(9)); return 1; }, timeoutResult: -1);
            string inner = "";
            try
            {
                await TimeoutAfter(TimeSpan.FromSeconds(1), async () =>
                {
                    try { await TimeoutAfter(TimeSpan.FromSeconds(10), () => Sleep(TimeSpan.FromSeconds(20)).AsTask()); }
                    catch (TimeoutCancellationError) { inner = "inner saw TimeoutCancellationError"; throw; }
                });
            }
            catch (TaskTimeout e) { return (ignored, inner, e.Clock); }
            return (ignored, inner, TimeSpan.Zero);
        });
        Assert.Equal((-1, "inner saw TimeoutCancellationError", TimeSpan.FromSeconds(3)), r);
    }

    [Fact]
    public async Task A_task_reports_to_a_probe_and_its_outcome_reaches_the_probe()
    {
        var probe = CreateTestProbe();
        var t = SpawnReportingTo(probe.Ref, async () =>
        {
            probe.Ref.Tell("hello from a task");
            await Sleep(TimeSpan.FromSeconds(1));
            probe.Ref.Tell($"one second later: {Clock().TotalSeconds}");
        });
        probe.ExpectMsg("hello from a task", DefaultLimit);
        probe.ExpectMsg("one second later: 1", DefaultLimit);
        var done = probe.ExpectMsg<TaskCompleted>(DefaultLimit);
        Assert.Same(t, done.Task);
        Assert.Null(done.Exception);
        await OutcomeOf(t);
    }
}

/// <summary>Probes and tasks talking both ways; the clock is driven by hand so messages from outside never race a jump.</summary>
public class ProbePeerSpecs() : CurioSpec(autoJump: false)
{
    [Fact]
    public async Task A_probe_tells_a_task_and_the_task_replies_to_the_probe()
    {
        var probe = CreateTestProbe();
        var t = Spawn(async () =>
        {
            var total = 0;
            while (true)
            {
                var n = await ReceiveAsync<int>();
                if (n < 0) break;
                total += n;
                Reply($"running total {total}");
            }
            return total;
        });
        t.Ref.Tell(2, probe.Ref);
        probe.ExpectMsg("running total 2", DefaultLimit);
        t.Ref.Tell(40, probe.Ref);
        probe.ExpectMsg("running total 42", DefaultLimit);
        t.Tell(-1);
        Assert.Equal(42, await OutcomeOf(t));
    }
}

/// <summary>Specs on a virtual clock that moves only by hand.</summary>
public class ManualClockSpecs() : CurioSpec(autoJump: false)
{
    [Fact]
    public async Task Time_moves_only_when_the_spec_advances_it()
    {
        var t = Spawn(async () => await Sleep(TimeSpan.FromSeconds(10)));
        AwaitCondition(() => t.State == "TIME_SLEEP", DefaultLimit);
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(t.Terminated);
        Assert.Equal("TIME_SLEEP", t.State);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(10), await OutcomeOf(t));
    }

    [Fact]
    public async Task A_timeout_fires_when_the_clock_is_advanced_past_it()
    {
        var t = Spawn(async () =>
        {
            try { await TimeoutAfter(TimeSpan.FromSeconds(5), () => Sleep(TimeSpan.FromSeconds(60)).AsTask()); return "no"; }
            catch (TaskTimeout e) { return "timeout at " + e.Clock.TotalSeconds; }
        });
        AwaitCondition(() => t.State == "TIME_SLEEP", DefaultLimit);
        Assert.True(Clock.JumpToNextTimer()); // the first timer due is the 5 s deadline
        Assert.Equal("timeout at 5", await OutcomeOf(t));
        Assert.Equal(TimeSpan.FromSeconds(5), Clock.Elapsed);
    }
}

/// <summary>A spec that leaks a task: it is not run by xunit, but driven by <see cref="LeakCheckSpecs"/>.</summary>
public sealed class LeakySpec() : CurioSpec(autoJump: false)
{
    public CurioTask Leak() => Spawn(async () =>
    {
        Spawn(() => Sleep(TimeSpan.FromDays(1)).AsTask(), name: "forgotten-child");
        await Sleep(TimeSpan.FromDays(1));
    }, name: "forgotten-parent");
}

public class LeakCheckSpecs
{
    [Fact]
    public void A_spec_that_leaves_a_task_running_fails_naming_the_task_its_parent_and_its_wait()
    {
        var spec = new LeakySpec();
        var parent = spec.Leak();
        Assert.True(SpinWait.SpinUntil(() => parent.State == "TIME_SLEEP", TimeSpan.FromSeconds(10)));
        var e = Assert.Throws<LeakedTasksException>(() => spec.Dispose());
        Assert.Equal(2, e.Tasks.Count);
        Assert.Contains($"task {parent.Id} (forgotten-parent), parent none (spawned by the spec), TIME_SLEEP", e.Message);
        Assert.Contains($"TIME_SLEEP at LeakySpec.Leak.<lambda> at ", e.Message); // the leak check prints each task's Where()
        Assert.Contains("VirtualTimeSpecs.cs:158", e.Message);
        Assert.Contains($"(forgotten-child), parent {parent.Id}, ", e.Message);
        Assert.All(e.Tasks, t => Assert.True(t.Terminated)); // the kernel still cancelled them at the end
    }
}
