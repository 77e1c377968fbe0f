using System.Diagnostics;
using Curio.Actors.Benchmarks.Core;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Time;

/// <summary>
/// Early wake-ups out of 1,000 short sleeps, by the kernel's clock and by a Stopwatch, against Task.Delay. Curio never
/// wakes a sleeper before its deadline; a .NET timer may fire a millisecond or two early.
/// </summary>
public sealed class SleepPrecisionBenchmark : IBenchmark
{
    public string Name => "sleep-precision";
    public string Area => "time";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var rows = new List<BenchRow>();
        await Run(rows, TimeSpan.FromMilliseconds(5), tasks: 20, perTask: ctx.Quick ? 10 : 50);
        await Run(rows, TimeSpan.FromMilliseconds(100), tasks: 50, perTask: ctx.Quick ? 2 : 20);
        return rows;
    }

    private static async Task Run(List<BenchRow> rows, TimeSpan delay, int tasks, int perTask)
    {
        var total = tasks * perTask;

        var tplEarly = 0;
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perTask; i++)
            {
                var sw = Stopwatch.StartNew();
                await Task.Delay(delay);
                if (sw.Elapsed < delay) Interlocked.Increment(ref tplEarly);
            }
        })));

        foreach (var mode in new[] { SchedulingMode.Sequential, SchedulingMode.Parallel })
        {
            var (byClock, byWall) = await K.Run(async () =>
            {
                int clockEarly = 0, wallEarly = 0;
                async Task Sleeper()
                {
                    for (var i = 0; i < perTask; i++)
                    {
                        var sw = Stopwatch.StartNew();
                        var before = Clock();
                        var woke = await Sleep(delay);
                        if (woke - before < delay) Interlocked.Increment(ref clockEarly);
                        if (sw.Elapsed < delay) Interlocked.Increment(ref wallEarly);
                    }
                }
                var ts = Enumerable.Range(0, tasks).Select(_ => Spawn(Sleeper)).ToList();
                foreach (var t in ts) await t.JoinAsync();
                return (clockEarly, wallEarly);
            }, mode);
            rows.Add(new BenchRow($"early wakes of {total} Sleep({delay.TotalMilliseconds} ms), by Clock ({mode})", "wakes", byClock, tplEarly, "Task.Delay by Stopwatch", HigherIsBetter: false));
            rows.Add(new BenchRow($"early wakes of {total} Sleep({delay.TotalMilliseconds} ms), by Stopwatch ({mode})", "wakes", byWall, tplEarly, "Task.Delay by Stopwatch", HigherIsBetter: false));
        }
    }
}
