using System.Diagnostics;
using Curio.Actors;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Curio.Actors.Async;

// The traces and metrics of a small Curio program, through OpenTelemetry's console exporter:
//   dotnet run --project examples/Telemetry               one round; the spans, then the metrics, are printed
//   dotnet run --project examples/Telemetry -- 60         rounds for 60 s, no exporter: watch it with dotnet-counters
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
var app = new ActivitySource("Telemetry.Example");
using var tracing = seconds > 0 ? null : Sdk.CreateTracerProviderBuilder().AddSource(CurioTelemetry.Name, app.Name).AddConsoleExporter().Build();
using var metrics = seconds > 0 ? null : Sdk.CreateMeterProviderBuilder().AddMeter(CurioTelemetry.Name).AddConsoleExporter().Build();

using (app.StartActivity("example")) // the caller's activity: the main task's parent
{
    Kernel.Run(async () =>
    {
        var jobs = new CurioQueue<int>(maxSize: 10, name: "jobs"); // named: its size is the curio.queue.size gauge
        var consumer = Spawn(Consume, jobs, name: "consumer");
        var until = Clock() + TimeSpan.FromSeconds(seconds);
        var round = 0;
        do
        {
            await Round(jobs, ++round);
        }
        while (Clock() < until);
        await consumer.CancelAsync();
        Console.WriteLine($"{round} round(s) done");
    });
}

static async Task Round(CurioQueue<int> jobs, int round)
{
    // A group: two tasks end ok, one times out, which ends the join early (Curio's wait=all), so the slow one is cancelled.
    await using (var g = new TaskGroup())
    {
        g.Spawn(Work, TimeSpan.FromMilliseconds(10), name: "quick");
        g.Spawn(Work, TimeSpan.FromMilliseconds(20), name: "steady");
        g.Spawn(() => TimeoutAfter(TimeSpan.FromMilliseconds(30), Work, TimeSpan.FromSeconds(1)), name: "impatient");
        g.Spawn(Work, TimeSpan.FromSeconds(1), name: "slow");
        await g.JoinAsync();
    }
    // A task that fails: its span has status Error and the exception as an event.
    var crash = Spawn(async () =>
    {
        await Sleep(TimeSpan.FromMilliseconds(5));
        throw new InvalidOperationException($"round {round} crashed");
    }, name: "crash");
    try { await crash.JoinAsync(); }
    catch (TaskError) { }
    for (var i = 0; i < 20; i++) await jobs.PutAsync(i);
    await jobs.JoinAsync();
}

static async Task Work(TimeSpan t) => await Sleep(t);

static async Task Consume(CurioQueue<int> jobs)
{
    while (true)
    {
        await jobs.GetAsync();
        await Sleep(TimeSpan.FromMilliseconds(1));
        jobs.TaskDone();
    }
}
