using System.Threading.Channels;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Sync;

/// <summary>UniversalQueue items per second from a plain thread to a task, against a Channel from a thread to an async method.</summary>
public sealed class UniversalQueueBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "universal-queue";

    /// <inheritdoc />
    public string Area => "sync";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(200_000);
        var rows = new List<BenchRow>();
        var warmup = TimeSpan.FromSeconds(context.Quick ? 0.1 : 1);
        foreach (var bound in new[] { 0, 1024 })
        {
            var lib = await Kernel.RunAsync(() => Measure.SteadyRateAsync(n, async () =>
            {
                var q = new UniversalQueue<int>(bound);
                var producer = new Thread(() => { for (var i = 0; i < n; i++) q.Put(i); });
                producer.Start();
                for (var i = 0; i < n; i++) await q.GetAsync();
                producer.Join();
            }, warmup));
            var baseline = await Measure.SteadyRateAsync(n, async () =>
            {
                var ch = bound == 0 ? Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })
                                    : Channel.CreateBounded<int>(new BoundedChannelOptions(bound) { SingleReader = true, SingleWriter = true });
                var producer = new Thread(() =>
                {
                    for (var i = 0; i < n; i++)
                        if (!ch.Writer.TryWrite(i)) ch.Writer.WriteAsync(i).AsTask().Wait();
                });
                producer.Start();
                for (var i = 0; i < n; i++) await ch.Reader.ReadAsync();
                producer.Join();
            }, warmup);
            rows.Add(new BenchRow($"UniversalQueue thread->task ({(bound == 0 ? "unbounded" : $"maxsize {bound}")})", "items/s", lib, baseline, "Channel thread->async") { PythonCurio = 180_000 });
        }
        return rows;
    }
}
