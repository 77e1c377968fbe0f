using Curio.Actors.Tests.Sync;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Queues;

/// <summary>
/// Queues under random cancellations and timeouts, on real time with tiny deadlines: every item produced must be
/// consumed exactly once, whatever was cancelled around it.
/// </summary>
public class HammerSpecs : SyncSpec
{
    private const int Producers = 3, Consumers = 3, PerProducer = 400, Total = Producers * PerProducer;

    private sealed class Ledger
    {
        private readonly int[] _seen = new int[Total];
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public void Record(int item)
        {
            Interlocked.Increment(ref _seen[item]);
            Interlocked.Increment(ref _count);
        }
        public void AssertExactlyOnce()
        {
            var wrong = Enumerable.Range(0, Total).Where(i => _seen[i] != 1).Select(i => $"{i}x{_seen[i]}").Take(10).ToList();
            Assert.True(wrong.Count == 0, "items not consumed exactly once: " + string.Join(", ", wrong));
        }
    }

    private static TimeSpan Tiny(Random r) => r.Next(4) == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(r.NextDouble());

    /// <summary>One put, attempted until it succeeds, each attempt randomly plain, under a timeout, or in a child that is cancelled.</summary>
    private static async Task PutSurely(Func<int, ValueTask> put, int item, Random r)
    {
        while (true)
        {
            switch (r.Next(3))
            {
                case 0:
                    await put(item);
                    return;
                case 1:
                    if (await IgnoreAfter(Tiny(r), async () => await put(item))) return;
                    break;
                default:
                    var c = Spawn(async () => await put(item));
                    if (r.Next(2) == 0) await Sleep(TimeSpan.Zero);
                    await c.CancelAsync();
                    if (c.Exception is null) return;
                    Assert.IsType<TaskCancelled>(c.Exception);
                    break;
            }
        }
    }

    /// <summary>One get attempt: under a timeout, or in a child that is cancelled; records what it got.</summary>
    private static async Task GetMaybe(Func<ValueTask<int>> get, Ledger ledger, Random r)
    {
        if (r.Next(2) == 0)
        {
            var got = -1;
            if (await IgnoreAfter(r.Next(5) == 0 ? TimeSpan.FromMilliseconds(20) : Tiny(r), async () => { got = await get(); })) ledger.Record(got);
            return;
        }
        var c = Spawn(async () => await get());
        if (r.Next(2) == 0) await Sleep(TimeSpan.Zero);
        await c.CancelAsync();
        if (c.Exception is null) ledger.Record(c.Result);
        else Assert.IsType<TaskCancelled>(c.Exception);
    }

    private async Task HammerTasks(CurioQueue<int> q, SchedulingMode mode)
    {
        var ledger = new Ledger();
        await Run(async () =>
        {
            var producers = Enumerable.Range(0, Producers).Select(p => Spawn(async () =>
            {
                var r = new Random(p);
                for (var i = 0; i < PerProducer; i++) await PutSurely(q.PutAsync, p * PerProducer + i, r);
            })).ToList();
            var consumers = Enumerable.Range(0, Consumers).Select(c => Spawn(async () =>
            {
                var r = new Random(100 + c);
                while (ledger.Count < Total) await GetMaybe(q.GetAsync, ledger, r);
            })).ToList();
            foreach (var t in producers.Concat(consumers)) await t.JoinAsync();
        }, mode, virtualTime: false);
        ledger.AssertExactlyOnce();
        Assert.True(q.Empty);
        Assert.Equal(Total, q.Unfinished);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public Task A_bounded_Queue_loses_and_duplicates_nothing_under_random_cancellation(SchedulingMode mode) =>
        HammerTasks(new CurioQueue<int>(maxSize: 4), mode);

    [Fact]
    public Task A_PriorityQueue_and_a_LifoQueue_lose_nothing_either() =>
        Task.WhenAll(HammerTasks(new PriorityQueue<int>(maxSize: 3), SchedulingMode.Sequential),
                     HammerTasks(new LifoQueue<int>(maxSize: 3), SchedulingMode.Parallel));

    [Theory]
    [InlineData(SchedulingMode.Sequential, 4)]
    [InlineData(SchedulingMode.Parallel, 4)]
    [InlineData(SchedulingMode.Sequential, 0)] // unbounded: getters take from the store without the gate
    [InlineData(SchedulingMode.Parallel, 0)]
    public async Task A_UniversalQueue_shared_by_tasks_and_threads_loses_and_duplicates_nothing(SchedulingMode mode, int maxSize)
    {
        var q = new UniversalQueue<int>(maxSize);
        var ledger = new Ledger();
        var threads = new List<Thread>();
        var threadErrors = new List<Exception>();
        void OnThread(Action body) => threads.Add(new Thread(() =>
        {
            try { body(); } catch (Exception e) { lock (threadErrors) threadErrors.Add(e); }
        }));
        // Producer 0 and consumer 0 are threads; the rest are tasks.
        OnThread(() =>
        {
            var r = new Random(7);
            for (var i = 0; i < PerProducer; i++)
            {
                while (true)
                {
                    using var cts = new CancellationTokenSource();
                    if (r.Next(2) == 0) cts.CancelAfter(TimeSpan.FromMilliseconds(r.NextDouble()));
                    try { q.Put(i, cts.Token); break; }
                    catch (OperationCanceledException) { }
                }
            }
        });
        OnThread(() =>
        {
            var r = new Random(8);
            while (ledger.Count < Total)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(r.Next(5) == 0 ? 20 : r.NextDouble()));
                try { ledger.Record(q.Get(cts.Token)); }
                catch (OperationCanceledException) { }
            }
        });
        threads.ForEach(t => t.Start());
        await Run(async () =>
        {
            var producers = Enumerable.Range(1, Producers - 1).Select(p => Spawn(async () =>
            {
                var r = new Random(p);
                for (var i = 0; i < PerProducer; i++) await PutSurely(x => q.PutAsync(x), p * PerProducer + i, r);
            })).ToList();
            var consumers = Enumerable.Range(1, Consumers - 1).Select(c => Spawn(async () =>
            {
                var r = new Random(100 + c);
                while (ledger.Count < Total) await GetMaybe(() => q.GetAsync(), ledger, r);
            })).ToList();
            foreach (var t in producers.Concat(consumers)) await t.JoinAsync();
        }, mode, virtualTime: false);
        foreach (var t in threads) Assert.True(t.Join(Limit));
        Assert.Empty(threadErrors);
        ledger.AssertExactlyOnce();
        Assert.True(q.Empty);
        Assert.Equal(Total, q.Unfinished);
    }
}
