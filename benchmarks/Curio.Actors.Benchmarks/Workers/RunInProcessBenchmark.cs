using System.Diagnostics;
using Curio.Actors.Worker;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Workers;

/// <summary>
/// RunInProcess round trips (a warm worker) against the raw frame protocol on the same worker process without the
/// kernel, and worker start-up (first call on a fresh kernel) against starting the bare runtime to its exit.
/// </summary>
public sealed class RunInProcessBenchmark : IBenchmark
{
    public string Name => "run-in-process";
    public string Area => "workers";

    public static int Echo(int x) => x;

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
        return rows;
    }
}
