using System.Diagnostics;
using Curio.Actors.TestKit;
using Curio.Actors.Worker;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Workers;

/// <summary>
/// RunInProcess round trips (a warm worker) against the raw frame protocol on the same worker process without the
/// kernel, worker start-up (first call on a fresh kernel) against starting the bare runtime to its exit, and the
/// kernel's longest stall while a worker is started, called, cancelled and timed out, against a ticker alone.
/// </summary>
public sealed class RunInProcessBenchmark : IBenchmark
{
    public string Name => "run-in-process";
    public string Area => "workers";

    public static int Echo(int x) => x;

    public static int Block(int ms)
    {
        Thread.Sleep(ms);
        return ms;
    }

    /// <summary>The kernel's longest stall while <paramref name="work"/> runs beside a 5 ms ticker (Sequential kernel).</summary>
    private static Task<double> LongestStallAsync(Func<Task> work) => Kernel.RunAsync(async () =>
    {
        var ticker = StallTicker.Start();
        await Sleep(ticker.Tick * 4);
        await work();
        return (await ticker.StopAsync()).TotalMilliseconds;
    });

    /// <summary>A worker's first call (its start), a warm call, a cancel mid-call, a timeout mid-call (on a fresh worker).</summary>
    private static async Task StartCallCancelTimeout()
    {
        await RunInProcess(Echo, 1);
        await RunInProcess(Echo, 2);
        var t = Spawn(async () => await RunInProcess(Block, 60_000));
        await Sleep(TimeSpan.FromMilliseconds(50));
        await t.CancelAsync();
        await RunInProcess(Echo, 3);
        await IgnoreAfter(TimeSpan.FromMilliseconds(50), async () => await RunInProcess(Block, 60_000));
    }

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(4_000);
        var rows = new List<BenchRow>();

        var lib = await InKernel.RateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await RunInProcess(Echo, i);
        }, reps: 3);
        var request = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new WorkerRequest
        {
            Assembly = typeof(RunInProcessBenchmark).Assembly.Location,
            Type = typeof(RunInProcessBenchmark).FullName!,
            Method = nameof(Echo),
            Parameters = MethodResolver.ParameterNames(typeof(RunInProcessBenchmark).GetMethod(nameof(Echo))!),
            Args = [System.Text.Json.JsonSerializer.SerializeToElement(1)],
        }, WorkerJson.Options);
        var w = ProcessWorker.Start();
        double raw;
        try
        {
            raw = await Measure.RateAsync(n, async () =>
            {
                for (var i = 0; i < n; i++) await w.CallAsync(request);
            }, reps: 3);
        }
        finally { w.Kill(); }
        rows.Add(new BenchRow("round trip (warm worker)", "ops/s", lib, raw, "raw frames on a worker, no kernel"));

        var reps = context.Quick ? 3 : 10;
        var libStart = new List<double>();
        var rawStart = new List<double>();
        using var system = Akka.Actor.ActorSystem.Create("bench");
        for (var r = 0; r < reps; r++)
        {
            var kernel = Kernel.Create(system); // a fresh kernel: its first call starts a worker
            await kernel.Spawn(async () =>
            {
                var sw = Stopwatch.StartNew();
                await RunInProcess(Echo, r);
                libStart.Add(sw.Elapsed.TotalMilliseconds);
            }).Completion;
            await kernel.ShutdownAsync();
            var sw2 = Stopwatch.StartNew();
            var fresh = ProcessWorker.Start();
            await fresh.ReadyAsync();
            rawStart.Add(sw2.Elapsed.TotalMilliseconds);
            fresh.Kill();
        }
        await system.Terminate();
        rows.Add(new BenchRow("worker start-up + first call", "ms", Measure.Median(libStart), Measure.Median(rawStart), "bare worker start to ready", HigherIsBetter: false));

        var stalls = new List<double>();
        var quiet = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            stalls.Add(await LongestStallAsync(StartCallCancelTimeout));
            var took = sw.Elapsed;
            quiet.Add(await LongestStallAsync(async () => await Sleep(took)));
        }
        rows.Add(new BenchRow("kernel's longest stall: start/call/cancel/timeout", "ms", Measure.Median(stalls), Measure.Median(quiet),
            "a 5 ms ticker alone, as long", HigherIsBetter: false));
        rows.Add(new BenchRow("  the same, worst of the runs", "ms", stalls.Max(), quiet.Max(), "a 5 ms ticker alone, as long", HigherIsBetter: false));
        return rows;
    }
}
