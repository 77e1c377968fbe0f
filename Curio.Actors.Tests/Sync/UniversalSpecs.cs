using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Sync;

public class UniversalSpecs : SyncSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_thread_sets_a_UniversalEvent_that_tasks_and_threads_wait_on(SchedulingMode mode)
    {
        var evt = new UniversalEvent();
        var threadSawIt = new TaskCompletionSource<bool>();
        var waiterThread = new Thread(() => threadSawIt.SetResult(evt.Wait(Limit))) { IsBackground = true };
        waiterThread.Start();
        await Run(async () =>
        {
            var ws = Enumerable.Range(0, 3).Select(_ => Spawn(async () => await evt.WaitAsync())).ToArray();
            await Parked("FUTURE_WAIT", ws);
            var setter = new Thread(evt.Set);
            setter.Start();
            foreach (var w in ws) await w.JoinAsync();
        }, mode);
        Assert.True(await threadSawIt.Task.WaitAsync(Limit));
        Assert.True(evt.Wait(TimeSpan.Zero));
    }

    [Fact]
    public async Task A_task_waiting_on_a_UniversalEvent_can_time_out_and_a_thread_wait_can_be_cancelled()
    {
        var evt = new UniversalEvent();
        await Run(async () =>
        {
            var t = Spawn(() => IgnoreAfter(S(1), async () => await evt.WaitAsync()));
            await Parked("FUTURE_WAIT", t);
            Time.Advance(S(1));
            Assert.False(await t.JoinAsync());
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        Assert.ThrowsAny<OperationCanceledException>(() => evt.Wait(cts.Token));
        Assert.False(evt.Wait(TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task UniversalResult_passes_a_value_from_a_thread_to_a_task_and_an_error_from_a_task_to_a_thread()
    {
        var toTask = new UniversalResult<string>();
        var toThread = new UniversalResult<int>();
        Exception? threadSaw = null;
        var thread = new Thread(() =>
        {
            toTask.SetValue("from thread");
            try { toThread.Unwrap(); } catch (Exception e) { threadSaw = e; }
        });
        var got = await RunIn(NewKernel(), async () =>
        {
            thread.Start();
            var v = await toTask.UnwrapAsync();
            toThread.SetException(new ArgumentException("from task"));
            return v;
        });
        Assert.Equal("from thread", got);
        Assert.True(thread.Join(Limit));
        Assert.Equal("from task", Assert.IsType<ArgumentException>(threadSaw).Message);
    }

    [Fact]
    public async Task Blocking_universal_calls_from_a_task_are_refused_clearly()
    {
        await Run(async () =>
        {
            // Bounded: should the refusal ever go, the blocking call ends in a cancellation (and fails) instead of hanging.
            using var bound = new CancellationTokenSource(Limit);
            var e = Assert.Throws<InvalidOperationException>(() => new UniversalEvent().Wait(bound.Token));
            Assert.Contains("must await WaitAsync", e.Message);
            Assert.Throws<InvalidOperationException>(() => new UniversalQueue<int>().Get(bound.Token));
            await Task.CompletedTask;
        });
    }

    [Fact]
    public async Task UniversalEvent_works_for_plain_dotnet_async_code_too()
    {
        var evt = new UniversalEvent();
        var wait = evt.WaitAsync().AsTask();
        Assert.False(wait.IsCompleted);
        evt.Set();
        await wait.WaitAsync(Limit);
    }
}
