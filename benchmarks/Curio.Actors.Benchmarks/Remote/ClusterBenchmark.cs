using System.Diagnostics;
using Akka.Actor;
using Curio.Actors.Remote;
using Curio.Actors.Remote.TestPeer;

namespace Curio.Actors.Benchmarks.Remote;

/// <summary>
/// Channels between two Akka.Cluster nodes (this process as the seed, a TestPeer node in another process, the endpoint
/// found by name) against the same between two plain remoting processes (standalone Channels), in one run; and remote
/// spawn+join round trips per second against Channel round trips on the same cluster (the messages underneath).
/// </summary>
public sealed class ClusterBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "cluster";

    /// <inheritdoc />
    public string Area => "remote";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var oneWayN = context.Scale(1_000_000);
        var rttN = context.Scale(20_000);
        var spawnN = context.Scale(4_000);

        var n1 = ClusterNode.Start();
        double clOneWay, clRtt, spawnRate;
        try
        {
            using var node = new ChannelBenchmark.Peer("cluster", Akka.Cluster.Cluster.Get(n1).SelfAddress.ToString(), "n2", "600");
            var n2 = Address.Parse(node.WaitLine("UP ")[3..]);
            await ClusterNode.WaitForUpMembers(n1, 2, TimeSpan.FromSeconds(60));
            var kernel = Kernel.Create(n1);
            var channel = Channel.Attach(n1);
            (clOneWay, clRtt, _) = await Run(kernel, () => ChannelBenchmark.ChannelRates(() => channel.ConnectAsync(ClusterNode.ChannelKey, name: "bench"), node, oneWayN, rttN));
            spawnRate = await Run(kernel, async () =>
            {
                var rates = new List<double>();
                for (var rep = 0; rep < 4; rep++)
                {
                    var s = Stopwatch.StartNew();
                    for (var i = 0; i < spawnN; i++)
                        if ((int)(await kernel.SpawnRemote(n2, "add", i, 1).JoinAsync())! != i + 1) throw new InvalidOperationException("wrong sum");
                    if (rep > 0) rates.Add(spawnN / s.Elapsed.TotalSeconds);
                }
                return Measure.Median(rates);
            });
            await kernel.ShutdownAsync();
        }
        finally
        {
            await n1.Terminate();
        }

        using var peer = new ChannelBenchmark.Peer("echo", "0", "bench-key");
        var port = peer.WaitPort();
        var (rmOneWay, rmRtt, _) = await Kernel.RunAsync(() =>
            ChannelBenchmark.ChannelRates(() => new Channel("127.0.0.1", port).ConnectAsync("bench-key"), peer, oneWayN, rttN));

        return
        [
            new BenchRow("Channel one-way small msgs, 2 cluster nodes / 2 remoting processes", "msg/s", clOneWay, rmOneWay, "standalone Channel (plain remoting)"),
            new BenchRow("Channel round trips (8 B), 2 cluster nodes / 2 remoting processes", "rt/s", clRtt, rmRtt, "standalone Channel (plain remoting)"),
            new BenchRow("remote spawn+join (add) / Channel round trip, cluster", "/s", spawnRate, clRtt, "Channel round trip, same nodes"),
        ];
    }

    private static async Task<T> Run<T>(Kernel kernel, Func<Task<T>> body) => (T)(await kernel.Spawn(body).Completion)!;
}
