using Akka.Actor;
using Akka.Cluster;
using static Curio.Actors.Async;

namespace Curio.Actors.Remote.TestPeer;

/// <summary>
/// A cluster node for the multi-process specs: joins SEED as NAME, offers the Channel endpoints NAME and "peers"
/// (each connection gets NAME, then an echo until it ends) and "bench" (<see cref="EchoPeer"/>), registers the tasks "add" and "sleep", prints events, and
/// takes commands on stdin: <c>connect NAME</c>, <c>spawn ADDRESS TASK SECONDS</c>, <c>leave</c>. Exits on its own
/// after LIMIT seconds at the latest.
/// </summary>
public static class ClusterPeer
{
    private const string Key = ClusterNode.ChannelKey;

    public static int Run(string seed, string name, int limitSeconds)
    {
        _ = Task.Delay(TimeSpan.FromSeconds(limitSeconds)).ContinueWith(_ => { Say("EXPIRED"); Environment.Exit(4); }, TaskScheduler.Default);
        var system = ClusterNode.Start(0, seed);
        var kernel = Kernel.Create(system);
        kernel.RegisterTask("add", (int x, int y) => x + y);
        kernel.RegisterTask("sleep", async (double seconds) =>
        {
            Say("TASK-STARTED");
            try { await Sleep(TimeSpan.FromSeconds(seconds)); }
            catch (CancelledError e) { Say("TASK-CANCELLED " + e.GetType().Name); throw; }
            return "slept";
        });
        var up = new TaskCompletionSource();
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        up.Task.Wait(TimeSpan.FromSeconds(limitSeconds));
        var channel = Channel.Attach(system);
        foreach (var endpoint in new[] { name, "peers" })
        {
            channel.BindAsync(endpoint).Wait();
            kernel.Spawn(async () =>
            {
                while (true)
                {
                    var c = await channel.AcceptAsync(Key, endpoint);
                    Spawn(async () =>
                    {
                        try
                        {
                            await c.SendAsync(name);
                            while (true) await c.SendAsync(await c.RecvAsync());
                        }
                        catch (Exception e) when (e is EndOfStreamException or ConnectionError) { }
                        await c.CloseAsync();
                    }, daemon: true);
                }
            }, daemon: true);
        }
        channel.BindAsync("bench").Wait();
        kernel.Spawn(async () =>
        {
            while (true)
            {
                var c = await channel.AcceptAsync(Key, "bench");
                Spawn(() => EchoPeer.ServeAsync(c), daemon: true);
            }
        }, daemon: true);
        Say($"UP {Cluster.Get(system).SelfAddress}");
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["leave"])
            {
                CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).Wait(TimeSpan.FromSeconds(limitSeconds));
                Say("LEFT");
                return 0;
            }
            kernel.Spawn(async () =>
            {
                switch (words)
                {
                    case ["connect", var peer]:
                        var c = await channel.ConnectAsync(Key, name: peer);
                        var hello = await c.RecvAsync();
                        await c.SendAsync("ping from " + name);
                        var echo = await c.RecvAsync();
                        await c.CloseAsync();
                        Say($"PAIR {name}->{hello} {echo}");
                        break;
                    case ["spawn", var node, var task, var seconds]:
                        kernel.SpawnRemote(node, task, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
                        Say("SPAWNED");
                        break;
                }
            });
        }
        system.WhenTerminated.Wait(TimeSpan.FromSeconds(limitSeconds)); // no stdin (a benchmark's peer): run until killed
        return 0;
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
