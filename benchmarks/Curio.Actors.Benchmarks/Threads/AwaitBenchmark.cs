using Curio.Actors.Benchmarks.Workers;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Threads;

/// <summary>
/// AWAIT round trips (an async thread has its backing task run an operation in the kernel and blocks until it is done)
/// against the other hops between a thread and async code: RunInThread (a task has a worker thread run a call) and a
/// plain thread blocking on a TPL task (<c>Task.Run(...).GetAwaiter().GetResult()</c>).
/// </summary>
public sealed class AwaitBenchmark : IBenchmark
{
    public string Name => "await";
    public string Area => "threads";

    private static ValueTask<int> Op() => new(1);

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(100_000);
        var awaits = await InKernel.RateAsync(n, async () =>
        {
            var t = SpawnThread(() =>
            {
                var sum = 0;
                for (var i = 0; i < n; i++) sum += AWAIT(Op);
                return sum;
            });
            await t.JoinAsync();
        });
        var parked = await InKernel.RateAsync(n, async () =>
        {
            var t = SpawnThread(() =>
            {
                for (var i = 0; i < n; i++) AWAIT(Sleep, TimeSpan.Zero);
            });
            await t.JoinAsync();
        });
        var runInThread = await InKernel.RateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await RunInThread(() => i);
        });
        var blocking = await Measure.RateAsync(n, () =>
        {
            var thread = new Thread(() =>
            {
                for (var i = 0; i < n; i++) Task.Run(() => i).GetAwaiter().GetResult();
            });
            thread.Start();
            thread.Join();
            return Task.CompletedTask;
        });
        return
        [
            new BenchRow("AWAIT round trip vs RunInThread", "ops/s", awaits, runInThread, "RunInThread round trip"),
            new BenchRow("AWAIT round trip vs a thread blocking on a Task", "ops/s", awaits, blocking, "Task.Run(..).GetResult() in a thread"),
            new BenchRow("AWAIT(Sleep, 0) (parks and resumes the task)", "ops/s", parked, blocking, "Task.Run(..).GetResult() in a thread"),
        ];
    }
}
