using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Threads;

public class AsyncThreadSpecs : KernelSpec
{
    private sealed class BoomException(string m) : Exception(m);

    private void Until(Func<bool> condition) => AwaitCondition(condition, Limit, TimeSpan.FromMilliseconds(5));

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_thread_runs_its_function_on_a_real_thread_and_joins_like_a_task(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        using var go = new ManualResetEventSlim();
        var (result, listed, name, isThread, pooled) = await RunIn(kernel, async () =>
        {
            var t = SpawnThread(() =>
            {
                go.Wait(Limit);
                return (IsAsyncThread, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
            });
            while (t.State != "RUNNING") await Sleep(TimeSpan.Zero);   // the thread starts when its task first runs
            var listedNow = CurrentKernel.Tasks.Any(x => x.Id == t.Id) && !t.Terminated;
            go.Set();
            var r = await t.JoinAsync();
            return (r, listedNow, t.Name, IsAsyncThread, t.Terminated);
        });
        Assert.True(result.IsAsyncThread);
        Assert.StartsWith("curio-async-thread-", result.Name);
        Assert.False(result.IsThreadPoolThread);
        Assert.True(listed);
        Assert.False(isThread);     // IsAsyncThread is false in the task
        Assert.True(pooled);        // terminated after the join
        Assert.DoesNotContain(kernel.Tasks, x => x.Name == name);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task An_error_is_wrapped_by_join_and_raised_as_itself_by_Result(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var boom = new BoomException("boom");
        var (joinError, resultError, exception, early) = await RunIn(kernel, async () =>
        {
            using var hold = new ManualResetEventSlim();
            var t = SpawnThread<int>(() => { hold.Wait(Limit); throw boom; });
            Exception? tooEarly = null;
            try { _ = t.Result; } catch (InvalidOperationException e) { tooEarly = e; }
            hold.Set();
            TaskError? je = null;
            try { await t.JoinAsync(); } catch (TaskError e) { je = e; }
            Exception? re = null;
            try { _ = t.Result; } catch (BoomException e) { re = e; }
            return (je, re, t.Exception, tooEarly);
        });
        Assert.Same(boom, joinError!.InnerException);
        Assert.Same(boom, resultError);
        Assert.Same(boom, exception);
        Assert.NotNull(early);
    }

    [Fact]
    public async Task An_async_function_is_refused()
    {
        var kernel = NewKernel();
        var (lambda, asyncVoid) = await RunIn(kernel, async () =>
        {
            await Task.CompletedTask;
            var a = Assert.Throws<ArgumentException>(() => SpawnThread(async () => await Task.Yield()));
            var b = Assert.Throws<ArgumentException>(() => SpawnThread(AsyncVoid));
            return (a.Message, b.Message);
        });
        Assert.Contains("async", lambda);
        Assert.Contains("async void", asyncVoid);
        Assert.Empty(kernel.Tasks);
    }

    private static async void AsyncVoid() => await Task.Yield();

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task AWAIT_runs_operations_as_the_backing_task_in_every_form(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var log = new List<string>();
        var got = await RunIn(kernel, async () =>
        {
            var q = new CurioQueue<int>();
            var evt = new Event();
            var t = SpawnThread((CurioQueue<int> queue) =>
            {
                var slept = AWAIT(Sleep, TimeSpan.FromSeconds(10));           // method group with an argument
                lock (log) log.Add($"slept until {slept.TotalSeconds}");
                AWAIT(queue.PutAsync, 1);
                AWAIT(() => queue.PutAsync(2));
                AWAIT(evt.WaitAsync);                                         // a task sets it
                var me = AWAIT(() => Task.FromResult(CurrentTask.Id));        // CurrentTask there is the backing task
                lock (log) log.Add($"backing {me}");
                AWAIT(Thread.Sleep, 1);                                       // a plain call: runs here
                return AWAIT(queue.GetAsync) + AWAIT(7);                      // the task put 40; a plain value passes
            }, q);
            var a = await q.GetAsync();
            var b = await q.GetAsync();
            evt.Set();
            await q.PutAsync(40);
            var r = await t.JoinAsync();
            lock (log) log.Add($"thread {t.Id}");
            return (a, b, r);
        });
        Assert.Equal((1, 2, 47), got);
        Assert.Equal("slept until 10", log[0]);                               // virtual time jumped during the AWAIT
        Assert.Equal(log[1]["backing ".Length..], log[2]["thread ".Length..]);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_lock_is_taken_with_using_AWAIT_and_handed_over_in_order(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var order = await RunIn(kernel, async () =>
        {
            var lck = new CurioLock();
            var seen = new List<string>();
            var held = await lck.AcquireAsync();
            var t = SpawnThread(() =>
            {
                using (AWAIT(lck.AcquireAsync()))                              // parks: the task holds it
                {
                    lock (seen) seen.Add("thread in");
                    AWAIT(Sleep, TimeSpan.FromSeconds(1));
                    lock (seen) seen.Add("thread out");
                }
            });
            while (t.State != "LOCK_ACQUIRE") await Sleep(TimeSpan.Zero);
            var waiter = Spawn(async () => { await using (await lck.AcquireAsync()) lock (seen) seen.Add("task in"); });
            await Sleep(TimeSpan.Zero);
            held.Dispose();
            await t.JoinAsync();
            await waiter.JoinAsync();
            return seen;
        });
        Assert.Equal(["thread in", "thread out", "task in"], order);
    }

    [Fact]
    public async Task AWAIT_outside_an_async_thread_raises_AsyncOnlyError()
    {
        var kernel = NewKernel();
        var inTask = await RunIn(kernel, async () =>
        {
            await Task.CompletedTask;
            return Assert.Throws<AsyncOnlyError>(() => AWAIT(() => Sleep(TimeSpan.Zero)));
        });
        Assert.IsAssignableFrom<CurioError>(inTask);
        Assert.Throws<AsyncOnlyError>(() => AWAIT(Task.Delay(1)));
        Assert.Equal(5, AWAIT(5));
        Assert.False(IsAsyncThread);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancel_lands_in_the_AWAIT_the_thread_is_in_and_a_caught_one_ends_it_normally(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var (result, cancelled) = await RunIn(kernel, async () =>
        {
            var never = new Event();
            var t = SpawnThread(() =>
            {
                try { AWAIT(never.WaitAsync); return "woken"; }
                catch (TaskCancelled) { return "cancelled"; }
            });
            while (t.State != "EVENT_WAIT") await Sleep(TimeSpan.Zero);
            await t.CancelAsync();
            return (await t.JoinAsync(), t.Cancelled);
        });
        Assert.Equal("cancelled", result);
        Assert.True(cancelled);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_cancel_while_the_thread_runs_its_own_code_waits_for_its_next_AWAIT(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        using var release = new ManualResetEventSlim();
        var steps = new List<string>();
        var t = await RunIn(kernel, async () =>
        {
            await Task.CompletedTask;
            return SpawnThread(() =>
            {
                release.Wait(Limit);                                  // plain blocking: no cancellation here
                lock (steps) steps.Add("released");
                AWAIT(Sleep, TimeSpan.Zero);                          // the pending cancel lands here
                lock (steps) steps.Add("not reached");
            });
        });
        Until(() => t.State == "RUNNING");
        var canceller = kernel.Spawn(async () => await t.CancelAsync());
        Until(() => t.Cancelled);
        Assert.False(t.Terminated);
        release.Set();
        await canceller.Completion.WaitAsync(Limit);
        var error = await Assert.ThrowsAsync<TaskError>(() => kernel.Spawn(async () => await t.JoinAsync()).Completion.WaitAsync(Limit));
        Assert.IsType<TaskCancelled>(error.InnerException);
        Assert.Equal(["released"], steps);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task TimeoutAfter_inside_the_thread_times_out_its_AWAIT_and_nested_blocks_classify(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var outcome = await RunIn(kernel, async () =>
        {
            var t = SpawnThread(() =>
            {
                var log = new List<string>();
                try { TimeoutAfter(TimeSpan.FromSeconds(1), () => { AWAIT(Sleep, TimeSpan.FromSeconds(5)); }); }
                catch (TaskTimeout) { log.Add($"timeout at {AWAIT(Clock).TotalSeconds}"); }
                try
                {
                    TimeoutAfter(TimeSpan.FromSeconds(1), () =>
                        TimeoutAfter(TimeSpan.FromSeconds(10), () => { AWAIT(Sleep, TimeSpan.FromSeconds(5)); }));
                }
                catch (TaskTimeout) { log.Add("outer owns it"); }
                log.Add(IgnoreAfter(TimeSpan.FromSeconds(1), () => { AWAIT(Sleep, TimeSpan.FromSeconds(5)); }) ? "finished" : "ignored");
                AWAIT(Sleep, TimeSpan.FromSeconds(2));            // nothing stale left behind
                log.Add($"slept on at {AWAIT(Clock).TotalSeconds}");
                return log;
            });
            return await t.JoinAsync();
        });
        Assert.Equal(["timeout at 1", "outer owns it", "ignored", "slept on at 5"], outcome);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task TimeoutAfter_around_a_join_times_out_the_joiner_and_the_thread_runs_on(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var (timedOut, result) = await RunIn(kernel, async () =>
        {
            var t = SpawnThread(() => AWAIT(Sleep, TimeSpan.FromSeconds(10)).TotalSeconds);
            var to = false;
            try { await TimeoutAfter(TimeSpan.FromSeconds(1), async () => await t.JoinAsync()); }
            catch (TaskTimeout) { to = true; }
            return (to, await t.JoinAsync());
        });
        Assert.True(timedOut);
        Assert.Equal(10, result);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task DisableCancellation_in_the_thread_keeps_a_cancel_pending_until_it_ends(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var steps = await RunIn(kernel, async () =>
        {
            var steps = new List<string>();
            var gate = new Event();
            var t = SpawnThread(() =>
            {
                using (DisableCancellation())
                {
                    AWAIT(gate.WaitAsync);                            // cancelled meanwhile: not delivered
                    AWAIT(Sleep, TimeSpan.FromSeconds(1));
                    lock (steps) steps.Add("shielded work done");
                }
                try { AWAIT(Sleep, TimeSpan.FromSeconds(1)); }
                catch (TaskCancelled) { lock (steps) steps.Add("cancelled after the shield"); }
            });
            while (t.State != "EVENT_WAIT") await Sleep(TimeSpan.Zero);
            await t.CancelAsync(blocking: false);
            gate.Set();
            await t.JoinAsync();
            return steps;
        });
        Assert.Equal(["shielded work done", "cancelled after the shield"], steps);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_task_group_joins_and_cancels_its_threads_and_refuses_one_after_the_join(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var (results, cancelledOne, late) = await RunIn(kernel, async () =>
        {
            var g = new TaskGroup();
            g.SpawnThread(() => AWAIT(Sleep, TimeSpan.FromSeconds(2)).TotalSeconds);
            g.SpawnThread((int x) => x * 2.0, 21);
            await g.JoinAsync();
            var g2 = new TaskGroup(wait: GroupWait.Any);
            var never = new Event();
            var stuck = g2.SpawnThread(() => { AWAIT(never.WaitAsync); });
            g2.Spawn(async () => { await Sleep(TimeSpan.FromSeconds(1)); return 1; });
            await g2.JoinAsync();
            var refused = Assert.Throws<InvalidOperationException>(() => g.SpawnThread(() => 1));
            return (g.Results, stuck.Cancelled && stuck.Exception is TaskCancelled, refused.Message);
        });
        Assert.Equal([2.0, 42.0], results);
        Assert.True(cancelledOne);
        Assert.Contains("joined", late);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_blocked_thread_never_stalls_the_kernel(SchedulingMode mode)
    {
        var kernel = NewKernel(mode, virtualTime: false);
        using var release = new ManualResetEventSlim();
        var ticks = await RunIn(kernel, async () =>
        {
            var t = SpawnThread(() => release.Wait(Limit));
            var n = 0;
            for (; n < 20; n++) await Sleep(TimeSpan.FromMilliseconds(1));
            release.Set();
            return (n, await t.JoinAsync());
        });
        Assert.Equal((20, (object?)true), ticks);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Plain_sync_over_async_code_in_a_thread_does_not_deadlock(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        static async Task<int> Helper() { await Task.Yield(); await Task.Delay(1); return 5; }
        var r = await RunIn(kernel, async () =>
        {
            var t = SpawnThread(() =>
            {
                var h = Helper();
                Assert.True(h.Wait(Limit), "plain sync-over-async code in an async thread did not finish"); // bounded: a deadlock fails
                return h.Result + AWAIT(Sleep, TimeSpan.Zero).Seconds;
            });
            return await t.JoinAsync();
        });
        Assert.Equal(5, r);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Shutdown_cancels_threads_and_leaves_one_busy_outside_AWAIT_as_a_zombie(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        using var release = new ManualResetEventSlim();
        Exception? later = null;
        using var done = new ManualResetEventSlim();
        AsyncThread? parked = null, busy = null;
        kernel.Spawn(async () =>
        {
            var never = new Event();
            parked = SpawnThread(() => { AWAIT(never.WaitAsync); });
            busy = SpawnThread(() =>
            {
                release.Wait(Limit);
                try { AWAIT(Sleep, TimeSpan.Zero); }
                catch (Exception e) { later = e; }
                done.Set();
            });
            await never.WaitAsync();
        });
        Until(() => parked?.State == "EVENT_WAIT" && busy?.State == "RUNNING");
        await kernel.ShutdownAsync().WaitAsync(Limit);
        Assert.IsType<TaskCancelled>(parked!.Exception);
        Assert.IsType<TaskCancelled>(busy!.Exception);
        Assert.Empty(kernel.Tasks);
        release.Set();
        Assert.True(done.Wait(Limit));
        Assert.IsType<TaskCancelled>(later);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Universal_queues_block_plainly_in_a_thread(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var sum = await RunIn(kernel, async () =>
        {
            var uq = new UniversalQueue<int>();
            var t = SpawnThread(() => { var s = 0; for (var i = 0; i < 3; i++) s += uq.Get(); return s; });
            for (var i = 1; i <= 3; i++) await uq.PutAsync(i);
            return await t.JoinAsync();
        });
        Assert.Equal(6, sum);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_thread_spawns_tasks_and_walks_a_task_group_with_plain_using_and_foreach(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var (results, refused) = await RunIn(kernel, async () =>
        {
            static async Task<int> Add(int x) { await Sleep(TimeSpan.FromSeconds(4 - x)); return x + x; }
            var t = SpawnThread(() =>
            {
                var seen = new List<object?>();
                var tasks = new[] { AWAIT(Spawn(() => Add(1))), AWAIT(Spawn(() => Add(2))), AWAIT(Spawn(() => Add(3))) };
                using (var w = new TaskGroup(tasks))
                {
                    foreach (var task in w) seen.Add(AWAIT(task.JoinAsync()));
                }
                return seen;
            });
            var g = new TaskGroup();
            var e = Assert.Throws<AsyncOnlyError>(() => { foreach (var _ in g) { } });
            await g.JoinAsync();
            return (await t.JoinAsync(), e);
        });
        Assert.Equal([6, 4, 2], results);                 // completion order: the shortest sleep first
        Assert.IsType<AsyncOnlyError>(refused);
    }

    [Fact]
    public async Task SpawnThread_takes_three_arguments_alone_and_in_a_group()
    {
        var kernel = NewKernel(SchedulingMode.Sequential);
        var r = await RunIn(kernel, async () =>
        {
            var seen = new List<string>();
            var sum = await SpawnThread((int a, int b, int c) => a + b + c, 1, 2, 3).JoinAsync();
            await using var g = new TaskGroup();
            var t = g.SpawnThread((string a, string b, string c) => { lock (seen) seen.Add(a + b + c); }, "x", "y", "z");
            var p = g.SpawnThread((int a, int b, int c) => a * b * c, 2, 3, 4);
            await g.JoinAsync();
            await SpawnThread((List<string> l, string a, string b) => { lock (l) l.Add(a + b); }, seen, "p", "q").JoinAsync();
            return (sum, await p.JoinAsync(), string.Join(",", seen));
        });
        Assert.Equal((6, 24, "xyz,pq"), r);
    }
}
