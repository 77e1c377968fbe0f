using Curio.Actors;
using static Curio.Actors.Async;

// A short tour of Curio.Actors: tasks as actors, joins, cancellation, timeouts and shielding.
Kernel.Run(async () =>
{
    Console.WriteLine($"main is task {CurrentTask.Id} on actor {CurrentTask.Actor.Path}");

    async Task<int> Countdown(string name, int n)
    {
        for (var i = n; i > 0; i--)
        {
            Console.WriteLine($"  {name}: {i}");
            await Sleep(TimeSpan.FromMilliseconds(100));
        }
        return n;
    }

    var a = Spawn(() => Countdown("alpha", 3));
    var b = Spawn(() => Countdown("beta", 2));
    Console.WriteLine($"joined alpha={await a.JoinAsync()} beta={await b.JoinAsync()}");

    var sleeper = Spawn(async () =>
    {
        try { await Sleep(TimeSpan.FromHours(1)); }
        finally { Console.WriteLine("  sleeper: cleanup runs even when cancelled"); }
    });
    await Sleep(TimeSpan.FromMilliseconds(50));
    await sleeper.CancelAsync();
    Console.WriteLine($"sleeper cancelled={sleeper.Cancelled}, exception={sleeper.Exception?.GetType().Name}");

    try
    {
        await TimeoutAfter(TimeSpan.FromMilliseconds(200), () => Countdown("slow", 10));
    }
    catch (TaskTimeout e)
    {
        Console.WriteLine($"timed out at kernel clock {e.Clock.TotalSeconds:0.00} s");
    }

    var finished = await IgnoreAfter(TimeSpan.FromMilliseconds(150), async () =>
    {
        using (DisableCancellation())
        {
            await Sleep(TimeSpan.FromMilliseconds(300)); // shielded: the timeout waits for the block
            Console.WriteLine("  shielded block finished");
        }
        await Sleep(TimeSpan.Zero); // the pending timeout lands here
    });
    Console.WriteLine($"ignore_after block finished={finished}");

    // A task group: the first result wins, the rest are cancelled and waited for.
    await using (var g = new TaskGroup(GroupWait.Any))
    {
        foreach (var ms in new[] { 300, 100, 200 })
            g.Spawn(async () => { await Sleep(TimeSpan.FromMilliseconds(ms)); return ms; }, name: $"racer-{ms}");
        await g.JoinAsync();
        Console.WriteLine($"group: {g.Completed!.Name} won with {g.Result}; the others were cancelled");
    }

    // A queue shared by a producer task and a consumer task.
    var q = new CurioQueue<int>(maxSize: 2);
    var consumer = Spawn(async () =>
    {
        var sum = 0;
        while (true)
        {
            var item = await q.GetAsync();
            q.TaskDone();
            if (item < 0) return sum;
            sum += item;
        }
    });
    for (var i = 1; i <= 5; i++) await q.PutAsync(i);
    await q.PutAsync(-1);
    Console.WriteLine($"queue: consumer summed {await consumer.JoinAsync()}");

    // Blocking work goes to a worker thread; the kernel keeps running other tasks meanwhile.
    var answer = await RunInThread(() => { Thread.Sleep(100); return 6 * 7; });
    Console.WriteLine($"run_in_thread returned {answer}");
});
Console.WriteLine("kernel shut down; bye");
