using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Sync;

/// <summary>Lock acquire/release against SemaphoreSlim(1, 1), uncontended and handed between two tasks.</summary>
public sealed class LockBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "lock";

    /// <inheritdoc />
    public string Area => "sync";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var n = context.Scale(1_000_000);
        var warmup = TimeSpan.FromSeconds(context.Quick ? 0.1 : 1);
        var uncontended = await Kernel.RunAsync(() => Measure.SteadyRateAsync(n, async () =>
        {
            var lck = new CurioLock();
            for (var i = 0; i < n; i++)
                using (await lck.AcquireAsync()) { }
        }, warmup));
        var slimUncontended = await Measure.SteadyRateAsync(n, async () =>
        {
            var sem = new SemaphoreSlim(1, 1);
            for (var i = 0; i < n; i++)
            {
                await sem.WaitAsync();
                sem.Release();
            }
        }, warmup);

        // Two workers each yield inside the critical section, so every acquire waits and is handed the lock.
        var m = context.Scale(100_000);
        var contended = await Kernel.RunAsync(() => Measure.RateAsync(m, async () =>
        {
            var lck = new CurioLock();
            async Task Worker()
            {
                for (var i = 0; i < m / 2; i++)
                    using (await lck.AcquireAsync()) await Sleep(TimeSpan.Zero);
            }
            var a = Spawn(Worker);
            var b = Spawn(Worker);
            await a.JoinAsync();
            await b.JoinAsync();
        }));
        var slimContended = await Measure.RateAsync(m, async () =>
        {
            var sem = new SemaphoreSlim(1, 1);
            async Task Worker()
            {
                for (var i = 0; i < m / 2; i++)
                {
                    await sem.WaitAsync();
                    try { await Task.Yield(); }
                    finally { sem.Release(); }
                }
            }
            await Task.WhenAll(Task.Run(Worker), Task.Run(Worker));
        });
        return
        [
            new BenchRow("Lock acquire/release, uncontended", "ops/s", uncontended, slimUncontended, "SemaphoreSlim(1,1)"),
            new BenchRow("Lock hand-off between 2 yielding tasks", "ops/s", contended, slimContended, "SemaphoreSlim + Task.Yield"),
        ];
    }
}
