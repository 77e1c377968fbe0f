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
});
Console.WriteLine("kernel shut down; bye");
