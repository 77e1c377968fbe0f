using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Workers;

/// <summary>RunInThread round trips against <c>await Task.Run</c>, one caller and 16 concurrent callers.</summary>
public sealed class RunInThreadBenchmark : IBenchmark
{
    public string Name => "run-in-thread";
    public string Area => "workers";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(20_000);
        var rows = new List<BenchRow>();

        var lib1 = await InKernel.RateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await RunInThread(() => i);
        });
        var tpl1 = await Measure.RateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await Task.Run(() => i);
        });
        rows.Add(new BenchRow("round trip, 1 caller", "ops/s", lib1, tpl1, "await Task.Run"));

        const int callers = 16;
        var per = Math.Max(1, n / callers);
        var lib16 = await InKernel.RateAsync(per * callers, async () =>
        {
            var tasks = Enumerable.Range(0, callers).Select(_ => Spawn(async () =>
            {
                for (var i = 0; i < per; i++) await RunInThread(() => i);
            })).ToList();
            foreach (var t in tasks) await t.JoinAsync();
        });
        var tpl16 = await Measure.RateAsync(per * callers, () => Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            for (var i = 0; i < per; i++) await Task.Run(() => i);
        })));
        rows.Add(new BenchRow($"round trip, {callers} callers", "ops/s", lib16, tpl16, "await Task.Run"));
        return rows;
    }
}
