using Curio.Actors.Tests.Sync;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Queues;

public class UniversalQueueSpecs : SyncSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task The_howto_thread_producer_and_task_consumer_work(SchedulingMode mode)
    {
        var got = new List<int>();
        var producerDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Run(async () =>
        {
            var q = new UniversalQueue<int>();
            var producer = new Thread(() =>
            {
                // Bounded, and a background thread: a lost TaskDone fails the spec instead of keeping the run alive.
                using var bound = new CancellationTokenSource(Limit);
                try
                {
                    for (var n = 0; n < 100; n++) q.Put(n, bound.Token);
                    q.Join(bound.Token);
                    producerDone.SetResult(true);
                }
                catch (OperationCanceledException e) { producerDone.SetException(e); }
            }) { IsBackground = true };
            producer.Start();
            var cons = Spawn(async () =>
            {
                while (true)
                {
                    got.Add(await q.GetAsync());
                    q.TaskDone();
                }
            });
            await Await(producerDone.Task);
            await cons.CancelAsync();
        }, mode, virtualTime: false);
        Assert.Equal(Enumerable.Range(0, 100), got);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_thread_putting_in_bursts_reaches_a_task_getter_in_order_with_nothing_lost(SchedulingMode mode)
    {
        const int n = 20_000;
        var q = new UniversalQueue<int>();
        var got = new List<int>(n);
        await Run(async () =>
        {
            var producer = new Thread(() =>
            {
                for (var i = 0; i < n; i++)
                {
                    q.Put(i);
                    if (i % 97 == 0) Thread.Yield();
                }
            }) { IsBackground = true };
            producer.Start();
            // The getter sometimes yields, so the store fills and it alternates between draining it and parking.
            await TimeoutAfter(Limit, async () =>
            {
                for (var i = 0; i < n; i++)
                {
                    got.Add(await q.GetAsync());
                    if (i % 101 == 0) await Sleep(TimeSpan.Zero);
                }
            });
            Assert.True(producer.Join(Limit));
        }, mode, virtualTime: false);
        Assert.Equal(Enumerable.Range(0, n), got);
        Assert.True(q.Empty);
        Assert.Equal(n, q.Unfinished);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Items_a_thread_puts_go_to_the_waiting_getters_first_and_a_new_get_takes_what_is_left(SchedulingMode mode)
    {
        await Run(async () =>
        {
            var q = new UniversalQueue<int>();
            var a = Spawn(async () => await q.GetAsync());
            await Parked("FUTURE_WAIT", a);
            var b = Spawn(async () => await q.GetAsync());
            await Parked("FUTURE_WAIT", b);
            var producer = new Thread(() => { q.Put(1); q.Put(2); q.Put(3); }) { IsBackground = true };
            producer.Start();
            Assert.True(producer.Join(Limit));
            Assert.Equal(1, q.Size); // 1 and 2 were handed to a and b; only 3 is in the queue
            Assert.Equal(3, await q.GetAsync());
            Assert.Equal(1, await a.JoinAsync());
            Assert.Equal(2, await b.JoinAsync());
            Assert.True(q.Empty);
        }, mode, virtualTime: false);
    }

    [Fact]
    public async Task A_task_producer_feeds_a_thread_consumer_and_JoinAsync_parks_without_blocking_the_kernel()
    {
        var got = new List<int>();
        await Run(async () =>
        {
            var q = new UniversalQueue<int>(maxSize: 3);
            var consumer = new Thread(() =>
            {
                for (var i = 0; i < 50; i++) { got.Add(q.Get()); q.TaskDone(); }
            });
            consumer.Start();
            for (var n = 0; n < 50; n++) await q.PutAsync(n);
            var joiner = Spawn(async () => await q.JoinAsync());
            var ticks = 0;
            while (!joiner.Terminated) { ticks++; await Sleep(TimeSpan.Zero); } // the kernel still runs tasks
            Assert.True(ticks > 0 || q.Unfinished == 0);
            await joiner.JoinAsync();
            Assert.True(consumer.Join(Limit));
        }, virtualTime: false);
        Assert.Equal(Enumerable.Range(0, 50), got);
    }

    [Fact]
    public async Task Full_tells_the_truth_and_a_blocked_thread_put_is_admitted_by_a_task_get()
    {
        await Run(async () =>
        {
            var q = new UniversalQueue<string>(maxSize: 1);
            Assert.False(q.Full);
            await q.PutAsync("a");
            Assert.True(q.Full);
            var putDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() => { q.Put("b"); putDone.SetResult(true); }).Start();
            Assert.Equal("a", await q.GetAsync());
            await Await(putDone.Task);
            Assert.True(q.Full);
            Assert.Equal("b", await q.GetAsync());
            Assert.True(q.Empty);
        }, virtualTime: false);
    }

    [Fact]
    public void A_thread_get_or_put_given_up_by_its_token_loses_nothing()
    {
        var q = new UniversalQueue<int>(maxSize: 1);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(10)))
            Assert.ThrowsAny<OperationCanceledException>(() => q.Get(cts.Token));
        q.Put(1);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(10)))
            Assert.ThrowsAny<OperationCanceledException>(() => q.Put(2, cts.Token));
        Assert.Equal(1, q.Get());
        Assert.True(q.Empty);
        Assert.Equal(1, q.Unfinished);
        q.TaskDone();
        Assert.Throws<InvalidOperationException>(q.TaskDone);
    }

    [Fact]
    public async Task A_task_get_that_times_out_leaves_the_item_for_a_thread()
    {
        var q = new UniversalQueue<int>();
        await Run(async () =>
        {
            var t = Spawn(() => IgnoreAfter(S(1), async () => { await q.GetAsync(); }));
            await Parked("FUTURE_WAIT", t);
            Time.Advance(S(1));
            Assert.False(await t.JoinAsync());
        });
        q.Put(5);
        Assert.Equal(5, q.Get());
    }

    [Fact]
    public async Task Plain_dotnet_async_code_can_use_the_async_methods_too()
    {
        var q = new UniversalQueue<int>();
        var get = q.GetAsync().AsTask();
        await q.PutAsync(3);
        Assert.Equal(3, await get.WaitAsync(Limit));
        q.TaskDone();
        await q.JoinAsync().AsTask().WaitAsync(Limit);
    }
}
