using System.Diagnostics;
using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Core;

/// <summary>
/// What activations and telemetry cost: Sleep(0) switches and spawn+join waves on a kernel with no activation and
/// nobody listening (the baseline), with a no-op activation, and with the Curio.Actors ActivitySource listened to (every
/// task an activity, all data recorded, the listener doing nothing with it), in interleaved rounds, medians. Without
/// activations or listeners the kernel's cost is a null check a slice and a few listener checks a spawn.
/// </summary>
public sealed class ActivationCostBenchmark : IBenchmark
{
    public string Name => "activation-cost";
    public string Area => "kernel";

    private sealed class NoOp : Activation
    {
        public override void Running(CurioTask task) { }
        public override void Suspended(CurioTask task, string reason) { }
    }

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Scale(200_000);
        var switches = new[] { new List<double>(), new List<double>(), new List<double>() };
        var spawns = new[] { new List<double>(), new List<double>(), new List<double>() };
        for (var round = 0; round < 5; round++)
        {
            for (var with = 0; with < 3; with++)
            {
                var options = new KernelOptions { Activations = with == 1 ? [new NoOp()] : [] };
                using var listener = with == 2 ? Listen() : null;
                var (sw, sp) = await Kernel.RunAsync(async () =>
                {
                    var clock = Stopwatch.StartNew();
                    async Task Spin() { for (var i = 0; i < n; i++) await Sleep(TimeSpan.Zero); }
                    var a = Spawn(Spin);
                    var b = Spawn(Spin);
                    await a.JoinAsync();
                    await b.JoinAsync();
                    var switchRate = 2.0 * n / clock.Elapsed.TotalSeconds;
                    clock.Restart();
                    var ts = new CurioTask[1000];
                    for (var done = 0; done < n / 2; done += ts.Length)
                    {
                        for (var i = 0; i < ts.Length; i++) ts[i] = Spawn(async () => await Task.Yield());
                        foreach (var t in ts) await t.JoinAsync();
                    }
                    return (switchRate, n / 2 / clock.Elapsed.TotalSeconds);
                }, options);
                if (round == 0) continue; // warm-up
                switches[with].Add(sw);
                spawns[with].Add(sp);
            }
        }
        return
        [
            new BenchRow("Sleep(0) switches, no-op activation", "switch/s", Measure.Median(switches[1]), Measure.Median(switches[0]), "no activation"),
            new BenchRow("spawn+join waves of 1,000, no-op activation", "tasks/s", Measure.Median(spawns[1]), Measure.Median(spawns[0]), "no activation"),
            new BenchRow("Sleep(0) switches, ActivitySource listened to", "switch/s", Measure.Median(switches[2]), Measure.Median(switches[0]), "nobody listening"),
            new BenchRow("spawn+join waves of 1,000, ActivitySource listened to", "tasks/s", Measure.Median(spawns[2]), Measure.Median(spawns[0]), "nobody listening"),
        ];
    }

    // As an OpenTelemetry SDK would: every activity sampled with all data; nothing done with it here.
    private static ActivityListener Listen()
    {
        var l = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CurioTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => { },
        };
        ActivitySource.AddActivityListener(l);
        return l;
    }
}
