using Curio.Actors.Tests.Sync;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Queues;

public class QueueSpecs : SyncSpec
{
    [Fact]
    public async Task The_howto_producer_consumer_works()
    {
        var got = new List<int>();
        await Run(async () =>
        {
            var q = new CurioQueue<int>();
            var prod = Spawn(async () =>
            {
                for (var n = 0; n < 10; n++) await q.PutAsync(n);
                await q.JoinAsync();
                got.Add(-1); // "Producer done"
            });
            var cons = Spawn(async () =>
            {
                while (true)
                {
                    got.Add(await q.GetAsync());
                    q.TaskDone();
                }
            });
            await prod.JoinAsync();
            await cons.CancelAsync();
        });
        Assert.Equal(Enumerable.Range(0, 10).Append(-1), got);
    }

    [Fact]
    public async Task Getters_are_served_FIFO_and_a_new_get_never_overtakes_a_waiting_one()
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var q = new CurioQueue<string>();
            var gs = Enumerable.Range(0, 3).Select(i => Spawn(async () => events.Add($"g{i}:{await q.GetAsync()}"))).ToArray();
            await Parked("QUEUE_GET", gs);
            await q.PutAsync("x");
            await q.PutAsync("y");
            Assert.Equal(2, q.Size); // counted until g0 and g1 run (Curio), but reserved for them, not for a newcomer
            var late = Spawn(async () => events.Add($"late:{await q.GetAsync()}"));
            await q.PutAsync("z");
            await Parked("QUEUE_GET", late);
            await q.PutAsync("w");
            foreach (var g in gs) await g.JoinAsync();
            await late.JoinAsync();
        });
        Assert.Equal(new[] { "g0:x", "g1:y", "g2:z", "late:w" }, events);
    }

    [Fact]
    public async Task A_full_queue_blocks_putters_and_admits_them_FIFO()
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var q = new CurioQueue<int>(maxSize: 2);
            await q.PutAsync(1);
            await q.PutAsync(2);
            Assert.True(q.Full);
            var ps = new[] { 3, 4 }.Select(i => Spawn(async () => { await q.PutAsync(i); events.Add("put" + i); })).ToArray();
            await Parked("QUEUE_PUT", ps);
            Assert.Equal(1, await q.GetAsync());
            Assert.True(q.Full); // 3 moved in at once
            Assert.Equal(2, await q.GetAsync());
            foreach (var p in ps) await p.JoinAsync();
            var rest = new[] { await q.GetAsync(), await q.GetAsync() };
            Assert.Equal(new[] { 3, 4 }, rest);
            Assert.Equal(4, q.Unfinished);
        });
        Assert.Equal(new[] { "put3", "put4" }, events);
    }

    [Fact]
    public async Task A_timed_out_get_and_a_cancelled_put_lose_nothing()
    {
        await Run(async () =>
        {
            var q = new CurioQueue<int>(maxSize: 1);
            var getter = Spawn(() => IgnoreAfter(S(1), async () => { await q.GetAsync(); }));
            await Parked("QUEUE_GET", getter);
            Time.Advance(S(1));
            Assert.False(await getter.JoinAsync());
            await q.PutAsync(7);
            Assert.Equal(1, q.Size); // not handed to the getter that gave up
            var putter = Spawn(async () => await q.PutAsync(8));
            await Parked("QUEUE_PUT", putter);
            await putter.CancelAsync();
            Assert.Equal(7, await q.GetAsync());
            Assert.True(q.Empty); // the cancelled put never went in
            Assert.Equal(1, q.Unfinished);
        });
    }

    [Fact]
    public async Task A_getter_woken_with_an_item_and_then_cancelled_still_returns_the_item()
    {
        await Run(async () =>
        {
            var q = new CurioQueue<string>();
            string? got = null;
            var getter = Spawn(async () =>
            {
                got = await q.GetAsync();
                await Sleep(S(10)); // the cancel lands here, after the item was taken
            });
            await Parked("QUEUE_GET", getter);
            await q.PutAsync("item");
            Assert.Equal("READY", getter.State);
            await getter.CancelAsync();
            Assert.Equal("item", got);
            Assert.IsType<TaskCancelled>(getter.Exception);
            Assert.True(q.Empty);
        });
    }

    [Fact]
    public async Task Join_waits_for_every_TaskDone_and_too_many_TaskDone_calls_are_refused()
    {
        await Run(async () =>
        {
            var q = new CurioQueue<int>();
            await q.JoinAsync(); // nothing unfinished
            await q.PutAsync(1);
            await q.PutAsync(2);
            var joiner = Spawn(async () => await q.JoinAsync());
            await Parked("QUEUE_JOIN", joiner);
            await q.GetAsync(); q.TaskDone();
            await Sleep(TimeSpan.Zero);
            Assert.Equal("QUEUE_JOIN", joiner.State);
            await q.GetAsync(); q.TaskDone();
            await joiner.JoinAsync();
            var e = Assert.Throws<InvalidOperationException>(q.TaskDone);
            Assert.Contains("too many times", e.Message);
        });
    }

    [Fact]
    public async Task PriorityQueue_hands_out_the_smallest_and_LifoQueue_the_newest()
    {
        await Run(async () =>
        {
            var pq = new PriorityQueue<int>();
            var lq = new LifoQueue<int>();
            foreach (var i in new[] { 5, 1, 4, 2, 3 })
            {
                await pq.PutAsync(i);
                await lq.PutAsync(i);
            }
            var p = new List<int>();
            var l = new List<int>();
            for (var i = 0; i < 5; i++) { p.Add(await pq.GetAsync()); l.Add(await lq.GetAsync()); }
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, p);
            Assert.Equal(new[] { 3, 2, 4, 1, 5 }, l);
            var desc = new PriorityQueue<int>(0, Comparer<int>.Create((a, b) => b.CompareTo(a)));
            await desc.PutAsync(1); await desc.PutAsync(9);
            Assert.Equal(9, await desc.GetAsync());
        });
    }

    [Fact]
    public void Bad_arguments_are_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => new CurioQueue<int>(-1));

    // Sequential only: these specs rely on the getter not running until the main task blocks, as in Curio's one
    // thread. In Parallel mode a woken getter may run at once; HammerSpecs show those queues lose nothing there.

    private static CurioQueue<int> NewQueue(string kind, int maxSize) => kind switch
    {
        "priority" => new PriorityQueue<int>(maxSize),
        "lifo" => new LifoQueue<int>(maxSize),
        _ => new CurioQueue<int>(maxSize),
    };

    [Theory]
    [InlineData("fifo")]
    [InlineData("priority")]
    [InlineData("lifo")]
    public async Task An_item_put_for_a_woken_getter_counts_against_the_bound_until_the_getter_runs(string kind)
    {
        var events = new List<string>();
        await Run(async () =>
        {
            var q = NewQueue(kind, maxSize: 2);
            var getter = Spawn(async () => { var v = await q.GetAsync(); lock (events) events.Add($"got {v}"); });
            await Parked("QUEUE_GET", getter);
            await q.PutAsync(1);
            Assert.Equal(1, q.Size); // the item stays in the queue until the getter runs (Curio, section 7)
            await q.PutAsync(2);
            Assert.Equal(2, q.Size);
            Assert.True(q.Full);
            var third = Spawn(async () => { await q.PutAsync(3); lock (events) events.Add("put 3"); });
            await getter.JoinAsync();
            await third.JoinAsync();
            Assert.Equal(2, q.Size);
            var rest = new[] { await q.GetAsync(), await q.GetAsync() };
            Assert.Equal(kind == "lifo" ? new[] { 3, 1 } : new[] { 2, 3 }, rest);
            Assert.Equal(3, q.Unfinished);
        });
        // The getter ran before the third put could go in: the queue was full until then.
        Assert.Equal(kind == "lifo" ? new[] { "got 2", "put 3" } : new[] { "got 1", "put 3" }, events);
    }

    [Fact]
    public async Task A_third_put_into_a_full_queue_blocks_even_while_a_getter_is_woken()
    {
        await Run(async () =>
        {
            var q = new CurioQueue<int>(maxSize: 2);
            var getter = Spawn(async () => await q.GetAsync());
            await Parked("QUEUE_GET", getter);
            await q.PutAsync(1);
            await q.PutAsync(2);
            // Curio counts item 1 until the getter runs, so this put must block; the old hand-off let it through.
            var third = q.PutAsync(3);
            Assert.False(third.IsCompleted);
            Assert.Equal(2, q.Size);
            await third; // main blocks, the getter runs and takes 1, which lets 3 in
            Assert.Equal(1, await getter.JoinAsync());
            Assert.Equal(2, await q.GetAsync());
            Assert.Equal(3, await q.GetAsync());
            Assert.True(q.Empty);
        });
    }

    [Fact]
    public async Task A_woken_getter_takes_what_the_store_order_gives_when_it_runs()
    {
        await Run(async () =>
        {
            var pq = new PriorityQueue<int>();
            var lq = new LifoQueue<int>();
            var pg = Spawn(async () => await pq.GetAsync());
            var lg = Spawn(async () => await lq.GetAsync());
            await Parked("QUEUE_GET", pg, lg);
            await pq.PutAsync(5); // wakes pg, which has not run yet
            await pq.PutAsync(1);
            await lq.PutAsync(1); // wakes lg
            await lq.PutAsync(2);
            Assert.Equal(1, await pg.JoinAsync()); // heap order at the time the getter runs, as Curio's heappop
            Assert.Equal(2, await lg.JoinAsync()); // and the newest item for a LIFO queue
            Assert.Equal(5, await pq.GetAsync());
            Assert.Equal(1, await lq.GetAsync());
        });
    }
}
