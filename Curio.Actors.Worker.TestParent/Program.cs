using Akka.Actor;
using Curio.Actors;
using static Curio.Actors.Async;

// Usage: Curio.Actors.Worker.TestParent MODE
//   idle-then-wait   warms a worker, prints "WORKER <pid>", then waits (at most 2 minutes) to be killed
//   busy-then-wait   the same, then keeps the worker busy in a call, prints "BUSY", and waits to be killed
//   idle-then-exit   warms a worker on a kernel it never shuts down, prints "WORKER <pid>", and returns from Main
var mode = args.Length > 0 ? args[0] : "";
var wait = TimeSpan.FromMinutes(2); // bounded: a spec that forgets to kill us does not leave us for ever
switch (mode)
{
    case "idle-then-wait":
        await Kernel.RunAsync(async () =>
        {
            Say($"WORKER {await RunInProcess(Worker.Pid)}");
            await Sleep(wait);
        });
        return 0;
    case "busy-then-wait":
        await Kernel.RunAsync(async () =>
        {
            Say($"WORKER {await RunInProcess(Worker.Pid)}");
            var busy = Spawn(async () => await RunInProcess(Worker.Block, (int)wait.TotalMilliseconds));
            await Sleep(TimeSpan.FromMilliseconds(100));
            Say("BUSY");
            await busy.JoinAsync();
        });
        return 0;
    case "idle-then-exit":
        var system = ActorSystem.Create("parent");
        var kernel = Kernel.Create(system);
        var pid = await kernel.Spawn(async () => await RunInProcess(Worker.Pid)).Completion.WaitAsync(wait);
        Say($"WORKER {pid}");
        return 0; // no ShutdownAsync, no Terminate
    default:
        Console.Error.WriteLine("usage: Curio.Actors.Worker.TestParent idle-then-wait|busy-then-wait|idle-then-exit");
        return 2;
}

static void Say(string line)
{
    Console.WriteLine(line);
    Console.Out.Flush();
}

/// <summary>What the workers run.</summary>
public static class Worker
{
    /// <summary>The worker's pid.</summary>
    public static int Pid() => Environment.ProcessId;

    /// <summary>Blocks for <paramref name="ms"/> milliseconds.</summary>
    public static int Block(int ms)
    {
        Thread.Sleep(ms);
        return ms;
    }
}
