using System.Threading.Channels;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Sync;

/// <summary>Queue put/get between two tasks against a System.Threading.Channels channel between two async methods.</summary>
public sealed class QueueBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "queue-put-get";

    /// <inheritdoc />
    public string Area => "sync";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(200_000);
        var rows = new List<BenchRow>();
        foreach (var bound in new[] { 0, 64 })
        {
            var lib = await Kernel.RunAsync(() => Measure.RateAsync(n, async () =>
            {
                var q = new Curio.Actors.Queue<int>(bound);
                var consumer = Spawn(async () => { for (var i = 0; i < n; i++) await q.GetAsync(); });
                for (var i = 0; i < n; i++) await q.PutAsync(i);
                await consumer.JoinAsync();
            }));
            var baseline = await Measure.RateAsync(n, async () =>
            {
                var ch = bound == 0 ? Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true })
                                    : Channel.CreateBounded<int>(new BoundedChannelOptions(bound) { SingleReader = true, SingleWriter = true });
                var consumer = Task.Run(async () => { for (var i = 0; i < n; i++) await ch.Reader.ReadAsync(); });
                for (var i = 0; i < n; i++) await ch.Writer.WriteAsync(i);
                await consumer;
            });
            rows.Add(new BenchRow($"Queue task->task ({(bound == 0 ? "unbounded" : $"maxsize {bound}")})", "items/s", lib, baseline, "Channel async->async"));
        }
        return rows;
    }
}
