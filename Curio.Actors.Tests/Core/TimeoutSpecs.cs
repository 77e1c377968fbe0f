using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

/// <summary>Curio's timeout rules (semantics section 4), on a virtual clock that jumps whenever the kernel is idle.</summary>
public class TimeoutSpecs : KernelSpec
{
    [Fact]
    public async Task Sleep_returns_the_clock_at_wake_up()
    {
        var k = NewKernel();
        var (a, b) = await RunIn(k, async () => (await Sleep(S(3)), await Sleep(S(30))));
        Assert.Equal(S(3), a);
        Assert.Equal(S(33), b);
    }

    [Fact]
    public async Task TimeoutAfter_raises_TaskTimeout_carrying_the_clock()
    {
        var k = NewKernel();
        var clock = await RunIn(k, async () =>
        {
            try { await TimeoutAfter(S(5), async () => { await Sleep(S(10)); return 1; }); return TimeSpan.Zero; }
            catch (TaskTimeout e) { return e.Clock; }
        });
        Assert.Equal(S(5), clock);
    }

    [Fact]
    public async Task A_block_that_finishes_in_time_returns_its_value_and_leaves_no_timeout_behind()
    {
        var k = NewKernel();
        var (v, end) = await RunIn(k, async () =>
        {
            var v = await TimeoutAfter(S(5), async () => { await Sleep(S(1)); return 7; });
            return (v, await Sleep(S(10))); // the deadline at 5 s must not fire here
        });
        Assert.Equal(7, v);
        Assert.Equal(S(11), end);
    }

    [Fact]
    public async Task IgnoreAfter_returns_the_timeout_result_in_both_forms()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var a = await IgnoreAfter(S(1), async () => { await Sleep(S(10)); return "done"; }, timeoutResult: "expired");
            var b = await IgnoreAfter(S(1), async () => { await Sleep(S(10)); });
            var c = await IgnoreAfter(S(1), async () => { await Sleep(TimeSpan.Zero); });
            return (a, b, c, Clock());
        });
        Assert.Equal(("expired", false, true, S(2)), r);
    }

    [Fact]
    public async Task The_call_form_passes_arguments()
    {
        var k = NewKernel();
        static async Task<int> Twice(int x) { await Sleep(S(1)); return 2 * x; }
        Assert.Equal(42, await RunIn(k, () => TimeoutAfter(S(5), Twice, 21)));
    }

    [Fact]
    public async Task An_outer_deadline_gives_the_inner_block_TimeoutCancellationError_and_the_outer_TaskTimeout()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            string inner = "none";
            try
            {
                await TimeoutAfter(S(1), async () =>
                {
                    try { await TimeoutAfter(S(5), async () => { await Sleep(S(10)); }); }
                    catch (TaskTimeout) { inner = "TaskTimeout"; throw; }
                    catch (TimeoutCancellationError e) { inner = "TimeoutCancellationError@" + e.Clock.TotalSeconds; throw; }
                });
                return (inner, "no timeout");
            }
            catch (TaskTimeout e) { return (inner, "TaskTimeout@" + e.Clock.TotalSeconds); }
        });
        Assert.Equal(("TimeoutCancellationError@1", "TaskTimeout@1"), r);
    }

    [Fact]
    public async Task An_inner_timeout_that_escapes_becomes_UncaughtTimeoutError()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            try
            {
                await TimeoutAfter(S(10), async () =>
                {
                    await TimeoutAfter(S(1), async () => { await Sleep(S(5)); }); // its TaskTimeout is not caught
                });
                return "nothing";
            }
            catch (UncaughtTimeoutError e) { return "Uncaught:" + e.InnerException!.GetType().Name; }
        });
        Assert.Equal("Uncaught:TaskTimeout", r);
    }

    [Fact]
    public async Task When_both_deadlines_passed_together_the_outer_wins()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            string inner = "none";
            try
            {
                await TimeoutAfter(S(2), async () =>
                {
                    try
                    {
                        await TimeoutAfter(S(1), async () =>
                        {
                            // A stall: 5 s pass while the task runs without a blocking call, so both deadlines are
                            // past when the kernel handles the expiry (with the clock at 5 s).
                            Time.Advance(S(5));
                            await Sleep(TimeSpan.Zero);
                            await Sleep(TimeSpan.Zero);
                        });
                    }
                    catch (TimeoutCancellationError) { inner = "TCE"; throw; }
                });
                return (inner, "none");
            }
            catch (TaskTimeout) { return (inner, "outer TaskTimeout"); }
        });
        Assert.Equal(("TCE", "outer TaskTimeout"), r);
    }

    [Fact]
    public async Task Catching_an_outer_timeout_inside_re_arms_it_for_the_next_blocking_call()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            try
            {
                await TimeoutAfter(S(1), async () =>
                {
                    try { await TimeoutAfter(S(5), async () => { await Sleep(S(10)); }); }
                    catch (TimeoutCancellationError) { events.Add("caught inner TCE, carrying on"); }
                    events.Add("before next blocking call");
                    await Sleep(TimeSpan.Zero);
                    events.Add("never");
                });
            }
            catch (TaskTimeout) { events.Add("outer TaskTimeout"); }
            return 0;
        });
        Assert.Equal(new[] { "caught inner TCE, carrying on", "before next blocking call", "outer TaskTimeout" }, events);
    }

    [Fact]
    public async Task A_pending_timeout_is_dropped_when_its_block_ends_normally()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            await TimeoutAfter(S(1), async () =>
            {
                using (DisableCancellation()) { await Sleep(S(2)); } // the timeout fires here and stays pending
            });
            await Sleep(TimeSpan.Zero); // stale: must not be raised
            return "no late timeout";
        });
        Assert.Equal("no late timeout", r);
    }

    [Fact]
    public async Task Accepting_a_cancel_clears_the_timeout_so_cleanup_is_not_pre_empted()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            var victim = Spawn(async () =>
            {
                try
                {
                    await TimeoutAfter(S(1), async () =>
                    {
                        try { await Sleep(S(100)); }
                        catch (TaskCancelled) { events.Add("cancelled"); await Sleep(S(3)); events.Add("cleanup finished at " + Clock().TotalSeconds); throw; }
                    });
                }
                catch (TaskCancelled) { events.Add("TaskCancelled propagated"); }
            });
            await Sleep(S(0.5));
            await victim.CancelAsync();
            return 0;
        });
        Assert.Equal(new[] { "cancelled", "cleanup finished at 3.5", "TaskCancelled propagated" }, events);
    }

    [Fact]
    public async Task A_null_timeout_never_expires_and_an_escaping_inner_timeout_is_uncaught()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var v = await TimeoutAfter(null, async () => { await Sleep(S(1000)); return 1; });
            try
            {
                await TimeoutAfter(null, async () => { await TimeoutAfter(S(1), async () => { await Sleep(S(5)); }); });
                return "no";
            }
            catch (UncaughtTimeoutError) { return "uncaught after " + v; }
        });
        Assert.Equal("uncaught after 1", r);
    }

    [Fact]
    public async Task A_timeout_reaches_a_task_blocked_in_a_join()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var slow = Spawn(async () => { await Sleep(S(60)); return 1; });
            var got = await IgnoreAfter(S(30), async () => await slow.JoinAsync(), timeoutResult: -1);
            return (got, slow.Terminated, await slow.JoinAsync(), Clock());
        });
        Assert.Equal((-1, false, 1, S(60)), r);
    }

    [Fact]
    public async Task A_negative_timeout_is_a_deadline_already_past_and_an_infinite_one_is_none()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var fired = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(-1), async () => { await Sleep(S(5)); }));
            var noBlockingCall = await TimeoutAfter(S(-1), () => Task.FromResult(7)); // nothing to deliver it at
            var ignored = await IgnoreAfter(S(-3), async () => { await Sleep(S(5)); return 1; }, timeoutResult: -1);
            var infinite = await TimeoutAfter(Timeout.InfiniteTimeSpan, async () => await Sleep(S(60)));
            var max = await TimeoutAfter(TimeSpan.MaxValue, async () => { await Sleep(S(1)); return 2; });
            return (fired.Clock, noBlockingCall, ignored, infinite, max);
        });
        Assert.Equal((TimeSpan.Zero, 7, -1, S(60), 2), r);
    }

    [Fact]
    public async Task A_started_operation_runs_under_the_deadline_as_Curios_timeout_after_of_a_coroutine()
    {
        var k = NewKernel();
        var q = new CurioQueue<int>();
        var evt = new Event();
        var r = await RunIn(k, async () =>
        {
            var woke = await TimeoutAfter(S(5), Sleep(S(1)));                            // ValueTask<TimeSpan>
            var timedOut = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(2), q.GetAsync()));
            var quiet = await IgnoreAfter(S(1), evt.WaitAsync());                        // ValueTask: false, expired
            var fallback = await IgnoreAfter(S(1), q.GetAsync(), timeoutResult: -1);
            var composite = await TimeoutAfter(S(3), TwoSleeps());                       // a started async method
            await q.PutAsync(9);                                                         // the aborted gets took nothing
            return (woke, timedOut.Clock, quiet, fallback, composite, q.Size, await q.GetAsync(), Clock());
        });
        Assert.Equal((S(1), S(3), false, -1, S(7), 1, 9, S(7)), r);

        static async Task<TimeSpan> TwoSleeps() { await Sleep(S(1)); return await Sleep(S(1)); }
    }

    [Fact]
    public async Task Calls_outside_a_task_give_clear_errors()
    {
        var k = NewKernel();
        var outside = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Sleep(S(1)));
        Assert.Contains("Sleep must be called from inside a Curio task", outside.Message);
        var t = k.Spawn(() => Task.FromResult(1));
        var join = await Assert.ThrowsAsync<InvalidOperationException>(async () => await t.JoinAsync());
        Assert.Contains("Completion", join.Message);
    }
}
