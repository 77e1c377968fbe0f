using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Sync;

public class LockSpecs : SyncSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Release_hands_the_lock_to_waiters_in_FIFO_order_and_newcomers_cannot_barge(SchedulingMode mode)
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var lck = new CurioLock();
            await lck.AcquireAsync();
            var ws = new List<CurioTask>();
            foreach (var n in new[] { "a", "b", "c" })
            {
                ws.Add(Spawn(async () =>
                {
                    await using (await lck.AcquireAsync()) { lock (events) events.Add(n); await Sleep(TimeSpan.Zero); }
                }));
                await Parked("LOCK_ACQUIRE", ws[^1]); // queue order is spawn order, in both modes
            }
            Assert.Equal("CurioLock(locked, waiters=3)", lck.ToString());
            lck.Release();
            if (mode == SchedulingMode.Sequential) Assert.True(lck.Locked); // handed to "a", not freed
            await using (await lck.AcquireAsync()) lock (events) events.Add("main");
            foreach (var w in ws) await w.JoinAsync();
            Assert.False(lck.Locked);
        }, mode);
        Assert.Equal(new[] { "a", "b", "c", "main" }, events);
    }

    [Fact]
    public async Task Releasing_an_unlocked_lock_is_a_clear_error()
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            var e = Assert.Throws<InvalidOperationException>(lck.Release);
            Assert.Contains("Lock not acquired", e.Message);
            using (await lck.AcquireAsync()) { }
            Assert.Throws<InvalidOperationException>(lck.Release);
        });
    }

    [Fact]
    public async Task A_waiter_that_times_out_leaves_the_queue_and_the_lock_goes_to_the_next()
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var lck = new CurioLock();
            await lck.AcquireAsync();
            var timed = Spawn(async () =>
            {
                try { await TimeoutAfter(S(1), async () => { await lck.AcquireAsync(); events.Add("timed got it"); }); }
                catch (TaskTimeout) { events.Add("timed out"); }
            });
            var patient = Spawn(async () => { await lck.AcquireAsync(); events.Add("patient"); lck.Release(); });
            await Parked("LOCK_ACQUIRE", timed, patient);
            Assert.Equal(2, lck.Waiting);
            Time.Advance(S(1));
            await timed.JoinAsync();
            Assert.Equal(1, lck.Waiting);
            lck.Release();
            await patient.JoinAsync();
            Assert.False(lck.Locked);
        });
        Assert.Equal(new[] { "timed out", "patient" }, events);
    }

    [Fact]
    public async Task A_cancelled_waiter_never_gets_the_lock()
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            await lck.AcquireAsync();
            var w = Spawn(async () => { await lck.AcquireAsync(); });
            await Parked("LOCK_ACQUIRE", w);
            await w.CancelAsync();
            Assert.IsType<TaskCancelled>(w.Exception);
            lck.Release();
            Assert.False(lck.Locked);
        });
    }

    [Fact]
    public async Task A_pending_cancel_is_raised_only_when_acquire_would_block()
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            await CurrentTask.CancelAsync(blocking: false);
            using (await lck.AcquireAsync()) { } // fast path: not a cancellation point
            await lck.AcquireAsync();
            var blocked = Spawn(async () => { await lck.AcquireAsync(); });
            await Assert.ThrowsAsync<TaskCancelled>(async () => await lck.AcquireAsync());
            await blocked.CancelAsync();
        });
    }

    [Fact]
    public async Task RLock_is_reentrant_and_only_its_owner_may_release_it()
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var r = new RLock();
            Assert.Contains("not locked", Assert.Throws<InvalidOperationException>(r.Release).Message);
            await r.AcquireAsync();
            await r.AcquireAsync();
            Assert.Equal(2, r.Count);
            var other = Spawn(async () =>
            {
                var e = Assert.Throws<InvalidOperationException>(r.Release);
                Assert.Contains("only be released by the owner", e.Message);
                await using (await r.AcquireAsync()) events.Add("other");
            });
            await Parked("LOCK_ACQUIRE", other);
            r.Release();
            Assert.Equal(CurrentTask, r.Owner);
            events.Add("main still owns");
            r.Release();
            Assert.Equal(other, r.Owner);
            await other.JoinAsync();
            Assert.False(r.Locked);
        });
        Assert.Equal(new[] { "main still owns", "other" }, events);
    }

    [Fact]
    public async Task Semaphore_hands_units_to_waiters_in_FIFO_order()
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var s = new CurioSemaphore(2);
            await s.AcquireAsync();
            await s.AcquireAsync();
            Assert.True(s.Locked);
            var ws = Enumerable.Range(0, 3).Select(i => Spawn(async () => { await s.AcquireAsync(); events.Add("w" + i); })).ToArray();
            await Parked("SEMA_ACQUIRE", ws);
            s.Release();
            s.Release();
            Assert.Equal(0, s.Value); // handed over, not counted
            await ws[0].JoinAsync(); await ws[1].JoinAsync();
            Assert.Equal("SEMA_ACQUIRE", ws[2].State);
            s.Release();
            await ws[2].JoinAsync();
            s.Release(); s.Release(); s.Release();
            Assert.Equal(3, s.Value); // unbounded, as in Curio
        });
        Assert.Equal(new[] { "w0", "w1", "w2" }, events);
    }

    [Fact]
    public async Task BoundedSemaphore_refuses_a_release_past_its_bound()
    {
        await Run(async () =>
        {
            var s = new BoundedSemaphore(2);
            await using (await s.AcquireAsync()) Assert.Equal(1, s.Value);
            var e = Assert.Throws<InvalidOperationException>(s.Release);
            Assert.Contains("too many times", e.Message);
            Assert.Equal(2, s.Value);
            Assert.Equal(2, s.Bound);
        });
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Lock_and_Semaphore_bound_how_many_tasks_are_inside_even_on_parallel_threads(SchedulingMode mode)
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            var sema = new CurioSemaphore(3);
            int inLock = 0, inSema = 0, maxLock = 0, maxSema = 0, count = 0;
            var ws = Enumerable.Range(0, 6).Select(_ => Spawn(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await using (await sema.AcquireAsync())
                    {
                        var s = Interlocked.Increment(ref inSema);
                        InterlockedMax(ref maxSema, s);
                        await using (await lck.AcquireAsync())
                        {
                            var l = Interlocked.Increment(ref inLock);
                            InterlockedMax(ref maxLock, l);
                            var c = count;
                            await Sleep(TimeSpan.Zero);
                            count = c + 1;
                            Interlocked.Decrement(ref inLock);
                        }
                        Interlocked.Decrement(ref inSema);
                    }
                }
            })).ToList();
            foreach (var w in ws) await w.JoinAsync();
            Assert.Equal(600, count);
            Assert.Equal(1, maxLock);
            Assert.InRange(maxSema, 1, 3);
            Assert.Equal(3, sema.Value);
        }, mode);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Fast_and_queued_acquires_mixed_still_let_one_task_in_at_a_time(SchedulingMode mode)
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            int inside = 0, maxInside = 0, count = 0;
            var ws = Enumerable.Range(0, 4).Select(w => Spawn(async () =>
            {
                for (var i = 0; i < 400; i++)
                {
                    // Only some holders yield inside, so releases race between the free path and hand-offs.
                    using (await lck.AcquireAsync())
                    {
                        InterlockedMax(ref maxInside, Interlocked.Increment(ref inside));
                        var c = count;
                        if ((i + w) % 3 == 0) await Sleep(TimeSpan.Zero);
                        count = c + 1;
                        Interlocked.Decrement(ref inside);
                    }
                    if (i % 5 == w) await Sleep(TimeSpan.Zero);
                }
            })).ToList();
            foreach (var t in ws) await t.JoinAsync();
            Assert.Equal(1600, count);
            Assert.Equal(1, maxInside);
            Assert.False(lck.Locked);
            Assert.Equal(0, lck.Waiting);
            using (await lck.AcquireAsync()) Assert.True(lck.Locked); // still usable: no stale contended mark
            Assert.False(lck.Locked);
        }, mode);
    }

    [Fact]
    public async Task An_uncontended_acquire_completes_at_once_and_allocates_nothing()
    {
        await Run(async () =>
        {
            var lck = new CurioLock();
            long Cycle()
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 1000; i++)
                {
                    var acquire = lck.AcquireAsync();
                    Assert.True(acquire.IsCompletedSuccessfully);
                    using (acquire.Result) Assert.True(lck.Locked);
                }
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }
            Cycle(); // first calls may allocate (type loading)
            Assert.Equal(0, Cycle());
            Assert.False(lck.Locked);
            Assert.Equal("CurioLock(unlocked, waiters=0)", lck.ToString());
            await Task.CompletedTask;
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    [Fact]
    public async Task Outside_a_task_acquire_says_what_is_wrong()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new CurioLock().AcquireAsync());
        Assert.Contains("CurioLock.AcquireAsync must be called from inside a Curio task", e.Message);
    }
}
