using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Workers;

public class RunInThreadSpecs : WorkerSpec
{
    private sealed class BoomException(string m) : Exception(m);

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Returns_the_result_computed_on_a_dedicated_worker_thread(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var (result, name, pooled) = await RunIn(kernel, async () =>
        {
            return await RunInThread(() => (6 * 7, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
        });
        Assert.Equal(42, result);
        Assert.StartsWith("curio-worker-", name);
        Assert.False(pooled);
    }

    [Fact]
    public async Task Argument_and_action_forms_work()
    {
        var kernel = NewKernel();
        var seen = 0;
        var r = await RunIn(kernel, async () =>
        {
            await RunInThread(Thread.Sleep, 1);
            await RunInThread(() => { seen = 5; });
            return await RunInThread((int x) => x + 1, 41);
        });
        Assert.Equal(42, r);
        Assert.Equal(5, seen);
    }

    [Fact]
    public async Task The_exception_comes_back_as_itself()
    {
        var kernel = NewKernel();
        var boom = new BoomException("boom");
        var caught = await RunIn(kernel, async () =>
        {
            try { await RunInThread<int>(() => throw boom); return null; }
            catch (BoomException e) { return e; }
        });
        Assert.Same(boom, caught);
        Assert.Null(caught!.InnerException);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancel_reaches_the_task_at_once_while_the_call_runs_on_as_a_zombie(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        using var release = new ManualResetEventSlim();
        var finished = 0;
        var t = kernel.Spawn(async () =>
        {
            await RunInThread(() => { release.Wait(Limit); Volatile.Write(ref finished, 1); return 1; });
        });
        Until(() => t.State == "FUTURE_WAIT");
        var pool = KernelWorkers.ThreadsIfAny(kernel.Core)!;
        Assert.Equal(1, pool.Live);
        await t.CancelAsync().AsTask().WaitAsync(Limit);
        Assert.IsType<TaskCancelled>(t.Exception);
        Assert.Equal(0, Volatile.Read(ref finished)); // the call still runs
        Assert.Equal(0, pool.Live);                   // but its slot is already free
        release.Set();
        Until(() => Volatile.Read(ref finished) == 1);
        Assert.Equal(0, pool.Live);                   // the zombie never came back
        Assert.Equal(0, pool.Idle);
    }

    [Fact]
    public async Task A_timeout_mid_call_raises_TaskTimeout_and_the_token_form_sees_cancellation()
    {
        var kernel = NewKernel();
        var tokenSaw = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var t = kernel.Spawn(async () =>
        {
            await TimeoutAfter(S(5), async () =>
            {
                await RunInThread(ct =>
                {
                    var cancelled = ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
                    tokenSaw.TrySetResult(cancelled);
                    return 0;
                });
            });
        });
        AdvanceWhenParkedIn(t, "FUTURE_WAIT", S(6));
        await Assert.ThrowsAsync<TaskTimeout>(() => t.Completion.WaitAsync(Limit));
        Assert.True(await tokenSaw.Task.WaitAsync(Limit));
    }

    [Fact]
    public async Task The_pool_is_bounded_and_zombies_free_their_slots_for_waiting_calls()
    {
        var kernel = NewKernel();
        using var release = new ManualResetEventSlim();
        var max = Curio.Actors.Workers.MaxWorkerThreads;
        var n = max + 6;
        var running = 0;
        var tasks = Enumerable.Range(0, n).Select(i => kernel.Spawn(async () =>
            await RunInThread(() => { Interlocked.Increment(ref running); release.Wait(Limit); return i; }))).ToList();
        Until(() => Volatile.Read(ref running) == max);
        var pool = KernelWorkers.ThreadsIfAny(kernel.Core)!;
        Assert.Equal(max, pool.Live);
        Assert.All(tasks, t => Assert.Equal("FUTURE_WAIT", t.State));

        // Cancelling three running calls turns their threads into zombies; three waiting calls start at once.
        foreach (var t in tasks.Take(3)) await t.CancelAsync().AsTask().WaitAsync(Limit);
        Until(() => Volatile.Read(ref running) == max + 3);
        Assert.Equal(max, pool.Live);

        // Cancelling a call still waiting for a slot just drops it.
        await tasks[^1].CancelAsync().AsTask().WaitAsync(Limit);
        release.Set();
        var results = new List<int>();
        foreach (var t in tasks.Skip(3).Take(n - 4)) results.Add((int)(await t.Completion.WaitAsync(Limit))!);
        Assert.Equal(Enumerable.Range(3, n - 4), results);
        Assert.Equal(max + 5, Volatile.Read(ref running)); // the dropped call never ran
    }

    [Fact]
    public async Task Idle_threads_are_reused_and_stop_with_the_kernel()
    {
        var kernel = NewKernel();
        var names = await RunIn(kernel, async () =>
        {
            var a = await RunInThread(() => Thread.CurrentThread);
            var b = await RunInThread(() => Thread.CurrentThread);
            return (a, b);
        });
        Assert.Same(names.a, names.b);
        await kernel.ShutdownAsync().WaitAsync(Limit);
        Assert.True(names.a.Join(Limit));
        Assert.Equal(0, KernelWorkers.ThreadsIfAny(kernel.Core)!.Live);
    }

    [Fact]
    public async Task Outside_a_task_it_says_so()
    {
        var e = Assert.Throws<InvalidOperationException>(() => { _ = RunInThread(() => 1); });
        Assert.Contains("RunInThread", e.Message);
        await Task.CompletedTask;
    }
}
