using System.Diagnostics;

namespace Curio.Actors.Benchmarks.Workers;

/// <summary>Timing inside one kernel, so that starting the kernel (an ActorSystem) is not part of the figure.</summary>
internal static class InKernel
{
    /// <summary>Runs <paramref name="run"/> (performing <paramref name="ops"/> operations) in a task: a warm-up, then the median rate of reps.</summary>
    internal static Task<double> RateAsync(int ops, Func<Task> run, int reps = 5) => Kernel.RunAsync(async () =>
    {
        await run();
        var rates = new List<double>();
        for (var i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            await run();
            rates.Add(ops / sw.Elapsed.TotalSeconds);
        }
        return Measure.Median(rates);
    });
}
