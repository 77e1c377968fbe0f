using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Sync;

public class ConditionEventSpecs : SyncSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Event_set_wakes_every_waiter_in_the_order_they_waited(SchedulingMode mode)
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var evt = new Event();
            var ws = Enumerable.Range(0, 4).Select(i => Spawn(async () => { await evt.WaitAsync(); lock (events) events.Add("w" + i); })).ToArray();
            await Parked("EVENT_WAIT", ws);
            evt.Set();
            foreach (var w in ws) await w.JoinAsync();
            Assert.True(evt.IsSet);
            await evt.WaitAsync(); // set: returns at once
            evt.Clear();
            Assert.False(evt.IsSet);
        }, mode);
        if (mode == SchedulingMode.Sequential) Assert.Equal(new[] { "w0", "w1", "w2", "w3" }, events);
        else Assert.Equal(4, events.Count);
    }

    [Fact]
    public async Task Event_wait_honours_timeouts_and_leaves_no_waiter_behind()
    {
        await Run(async () =>
        {
            var evt = new Event();
            var t = Spawn(() => TimeoutAfter(S(2), async () => await evt.WaitAsync()));
            await Parked("EVENT_WAIT", t);
            Time.Advance(S(2));
            var e = await Assert.ThrowsAsync<TaskError>(async () => await t.JoinAsync());
            Assert.IsType<TaskTimeout>(e.InnerException);
            evt.Set();
        });
    }

    [Fact]
    public async Task Result_delivers_a_value_or_an_exception_once()
    {
        await Run(async () =>
        {
            var r = new Result<int>();
            var reader = Spawn(async () => await r.UnwrapAsync());
            await Parked("EVENT_WAIT", reader);
            r.SetValue(42);
            Assert.Equal(42, await reader.JoinAsync());
            Assert.Throws<InvalidOperationException>(() => r.SetValue(1));
            var bad = new Result<string>();
            bad.SetException(new FormatException("nope"));
            Assert.Equal("nope", (await Assert.ThrowsAsync<FormatException>(async () => await bad.UnwrapAsync())).Message);
        });
    }

    [Fact]
    public async Task Condition_notify_wakes_waiters_FIFO_and_each_re_acquires_the_lock()
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var cond = new Condition();
            var ws = Enumerable.Range(0, 3).Select(i => Spawn(async () =>
            {
                await using (await cond.AcquireAsync())
                {
                    await cond.WaitAsync();
                    Assert.True(cond.Locked);
                    events.Add("w" + i);
                }
            })).ToArray();
            await Parked("COND_WAIT", ws);
            await using (await cond.AcquireAsync())
            {
                cond.Notify(2);
                events.Add("notified 2");
            }
            await ws[0].JoinAsync(); await ws[1].JoinAsync();
            Assert.Equal("COND_WAIT", ws[2].State);
            await using (await cond.AcquireAsync()) cond.NotifyAll();
            await ws[2].JoinAsync();
        });
        Assert.Equal(new[] { "notified 2", "w0", "w1", "w2" }, events);
    }

    [Fact]
    public async Task Condition_notify_with_too_few_waiters_is_a_no_op_not_a_crash()
    {
        await Run(async () =>
        {
            var cond = new Condition();
            await using (await cond.AcquireAsync())
            {
                cond.Notify(5);
                cond.NotifyAll();
            }
        });
    }

    [Fact]
    public async Task Condition_wait_or_notify_without_the_lock_is_a_clear_error()
    {
        await Run(async () =>
        {
            var cond = new Condition();
            Assert.Contains("unacquired lock", (await Assert.ThrowsAsync<InvalidOperationException>(async () => await cond.WaitAsync())).Message);
            Assert.Throws<InvalidOperationException>(() => cond.Notify());
        });
    }

    [Fact]
    public async Task A_timed_out_condition_wait_still_re_acquires_the_lock_before_raising()
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            var cond = new Condition(lck);
            var holdsLockAfterTimeout = false;
            var t = Spawn(async () =>
            {
                await using (await cond.AcquireAsync())
                {
                    try { await TimeoutAfter(S(1), async () => await cond.WaitAsync()); }
                    catch (TaskTimeout) { holdsLockAfterTimeout = lck.Locked; }
                }
            });
            await Parked("COND_WAIT", t);
            await lck.AcquireAsync(); // the waiter released it
            Time.Advance(S(1));
            await Parked("LOCK_ACQUIRE", t); // timed out, now waiting to re-acquire
            lck.Release();
            await t.JoinAsync();
            Assert.True(holdsLockAfterTimeout);
            Assert.False(lck.Locked);
            Assert.Equal(0, cond.Waiting);
        });
    }

    [Fact]
    public async Task WaitFor_loops_until_the_predicate_holds()
    {
        await Run(async () =>
        {
            var cond = new Condition();
            var n = 0;
            var t = Spawn(async () => { await using (await cond.AcquireAsync()) await cond.WaitForAsync(() => n >= 3); return n; });
            for (var i = 0; i < 3; i++)
            {
                await Parked("COND_WAIT", t);
                await using (await cond.AcquireAsync()) { n++; cond.Notify(); }
            }
            Assert.Equal(3, await t.JoinAsync());
        });
    }

    [Fact]
    public async Task WaitFor_returns_the_predicates_value_as_Curios_wait_for_does()
    {
        await Run(async () =>
        {
            var cond = new Condition();
            var jobs = new Queue<string>();
            var t = Spawn(async () =>
            {
                await using (await cond.AcquireAsync())
                    return (await cond.WaitForAsync(() => jobs.Count > 0 ? jobs.Dequeue() : null), await cond.WaitForAsync(() => true));
            });
            await Parked("COND_WAIT", t);
            await using (await cond.AcquireAsync()) cond.Notify(); // woken, predicate still null: waits again
            await Parked("COND_WAIT", t);
            await using (await cond.AcquireAsync()) { jobs.Enqueue("job-1"); cond.Notify(); }
            Assert.Equal(("job-1", true), await t.JoinAsync());
        });
    }
}
