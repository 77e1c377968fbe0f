using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How can synchronous code in threads use Curio's tasks, queues and locks? Async threads and AWAIT.</summary>
public static class AsyncThreadsRecipe
{
    private sealed class Tally
    {
        public int Total;
    }

    // Plain synchronous code in a real thread: it blocks as it likes (the kernel runs on), and reaches the kernel
    // through AWAIT, which runs the Curio call on the thread's behalf and returns its result.
    static int Worker(CurioQueue<int?> jobs, CurioQueue<(int Job, int Square)> results, CurioLock lck, Tally tally)
    {
        var done = 0;
        while (AWAIT(jobs.GetAsync) is int n)            // None-terminated, as a Curio worker would be
        {
            Thread.Sleep(5);                             // blocking work
            using (AWAIT(lck.AcquireAsync()))            // with lock: (the task side holds the same lock)
                tally.Total += n;
            AWAIT(results.PutAsync, (n, n * n));
            done++;
        }
        return done;
    }

    [Recipe("async-threads", "a pool of synchronous worker threads talks to tasks through AWAIT, then AOpen writes the report")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        const int jobCount = 20, threads = 4;
        var jobs = new CurioQueue<int?>();
        var results = new CurioQueue<(int Job, int Square)>();
        var lck = new CurioLock();
        var tally = new Tally();
        var pool = new TaskGroup();
        for (var i = 0; i < threads; i++) pool.SpawnThread(() => Worker(jobs, results, lck, tally));

        var producer = Spawn(async () =>
        {
            for (var n = 1; n <= jobCount; n++) await jobs.PutAsync(n);
            for (var i = 0; i < threads; i++) await jobs.PutAsync(null);
        });
        var squares = new SortedDictionary<int, int>();
        while (squares.Count < jobCount)
        {
            var (job, square) = await results.GetAsync();
            squares[job] = square;
        }
        await producer.JoinAsync();
        await pool.JoinAsync();
        int total;
        await using (await lck.AcquireAsync()) total = tally.Total;

        var report = Path.Combine(Path.GetTempPath(), $"curio-async-threads-{Environment.ProcessId}.txt");
        await using (var f = await AOpen(report, "w"))
            await f.WriteLinesAsync(squares.Select(kv => $"{kv.Key} {kv.Value}\n"));
        var lines = 0;
        await using (var f = await AOpen(report))
            await foreach (var _ in f) lines++;
        File.Delete(report);

        Console.WriteLine($"{threads} threads did {pool.Results.Sum(r => (int)r!)} jobs; jobs added up under the lock: {total}");
        Console.WriteLine($"sum of squares 1..{jobCount} = {squares.Values.Sum()}; report lines: {lines}");
    });
}
