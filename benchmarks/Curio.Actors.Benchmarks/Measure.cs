using System.Diagnostics;

namespace Curio.Actors.Benchmarks;

/// <summary>Timing helpers: a warm-up, then the median of several repetitions.</summary>
public static class Measure
{
    /// <summary>Runs <paramref name="run"/> (which performs <paramref name="ops"/> operations) and returns ops per second, median of reps.</summary>
    public static async Task<double> RateAsync(int ops, Func<Task> run, int reps = 5)
    {
        await run(); // warm-up (JIT, pools)
        var rates = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            await run();
            sw.Stop();
            rates.Add(ops / sw.Elapsed.TotalSeconds);
        }
        return Median(rates);
    }

    /// <summary>
    /// <see cref="RateAsync"/> after repeating <paramref name="run"/> for at least <paramref name="warmup"/>: for
    /// operations of a few nanoseconds, whose hot methods must reach the JIT's optimized tier (it promotes them only
    /// after ~100 ms of steady calls) before timing, as the precompiled CoreLib baselines already are.
    /// </summary>
    public static async Task<double> SteadyRateAsync(int ops, Func<Task> run, TimeSpan warmup, int reps = 5)
    {
        var sw = Stopwatch.StartNew();
        do await run(); while (sw.Elapsed < warmup);
        return await RateAsync(ops, run, reps);
    }

    /// <summary>The median of a list of samples.</summary>
    public static double Median(IEnumerable<double> samples)
    {
        var s = samples.OrderBy(x => x).ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>The p-th percentile (0..100) of samples.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        var s = samples.OrderBy(x => x).ToArray();
        if (s.Length == 0) return double.NaN;
        var idx = (int)Math.Clamp(Math.Round(p / 100.0 * (s.Length - 1)), 0, s.Length - 1);
        return s[idx];
    }
}
