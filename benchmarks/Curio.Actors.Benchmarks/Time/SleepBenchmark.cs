using System.Diagnostics;
using Curio.Actors.Benchmarks.Core;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Time;

/// <summary>
/// Sleep's timing against Task.Delay: how long a lone Sleep(10 ms) really takes (median, p99), and how many of many
/// concurrent short sleeps wake before their deadline, by the kernel's clock and by a Stopwatch. Curio never wakes a
/// sleeper before its deadline; a .NET timer may fire a millisecond or two early.
/// </summary>
public sealed class SleepBenchmark : IBenchmark
{
    public string Name => "sleep";
    public string Area => "time";

    /// <summary>Every sleep's Stopwatch duration, and the early wakes by the kernel's clock (TPL: none kept) and by Stopwatch.</summary>
    private sealed class Samples
    {
        public readonly List<double> Ms = [];
        public int EarlyByClock, EarlyByWatch;

        public void Add(TimeSpan delay, TimeSpan byWatch, TimeSpan? byClock)
        {
            lock (Ms) Ms.Add(byWatch.TotalMilliseconds);
            if (byClock < delay) Interlocked.Increment(ref EarlyByClock);
            if (byWatch < delay) Interlocked.Increment(ref EarlyByWatch);
        }
    }

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var tenMs = TimeSpan.FromMilliseconds(10);
        var lone = ctx.Quick ? 20 : 200;
        var lib = await K.Run(() => Sleeps(tenMs, tasks: 1, lone));
        var tpl = await Delays(tenMs, tasks: 1, lone);
        var rows = new List<BenchRow>
        {
            new("sleep(10 ms) actual, median", "ms", Measure.Median(lib.Ms), Measure.Median(tpl.Ms), "Task.Delay(10)", HigherIsBetter: false),
            new("sleep(10 ms) actual, p99", "ms", Measure.Percentile(lib.Ms, 99), Measure.Percentile(tpl.Ms, 99), "Task.Delay(10)", HigherIsBetter: false),
        };
        foreach (var (delay, tasks, perTask) in new[] { (TimeSpan.FromMilliseconds(5), 20, ctx.Quick ? 10 : 50), (TimeSpan.FromMilliseconds(100), 50, ctx.Quick ? 2 : 20) })
        {
            var total = tasks * perTask;
            var tplEarly = (await Delays(delay, tasks, perTask)).EarlyByWatch;
            foreach (var mode in new[] { SchedulingMode.Sequential, SchedulingMode.Parallel })
            {
                var s = await K.Run(() => Sleeps(delay, tasks, perTask), mode);
                rows.Add(new BenchRow($"early wakes of {total} Sleep({delay.TotalMilliseconds} ms), by Clock ({mode})", "wakes", s.EarlyByClock, tplEarly, "Task.Delay by Stopwatch", HigherIsBetter: false));
                rows.Add(new BenchRow($"early wakes of {total} Sleep({delay.TotalMilliseconds} ms), by Stopwatch ({mode})", "wakes", s.EarlyByWatch, tplEarly, "Task.Delay by Stopwatch", HigherIsBetter: false));
            }
        }
        return rows;
    }

    /// <summary>In a task: <paramref name="tasks"/> tasks each sleep <paramref name="perTask"/> times.</summary>
    private static async Task<Samples> Sleeps(TimeSpan delay, int tasks, int perTask)
    {
        var samples = new Samples();
        async Task Sleeper()
        {
            for (var i = 0; i < perTask; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var before = Clock();
                var woke = await Sleep(delay);
                samples.Add(delay, Stopwatch.GetElapsedTime(start), woke - before);
            }
        }
        var ts = Enumerable.Range(0, tasks).Select(_ => Spawn(Sleeper)).ToList();
        foreach (var t in ts) await t.JoinAsync();
        return samples;
    }

    /// <summary>The baseline: <paramref name="tasks"/> TPL tasks each await Task.Delay <paramref name="perTask"/> times.</summary>
    private static async Task<Samples> Delays(TimeSpan delay, int tasks, int perTask)
    {
        var samples = new Samples();
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perTask; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await Task.Delay(delay);
                samples.Add(delay, Stopwatch.GetElapsedTime(start), null);
            }
        })));
        return samples;
    }
}
