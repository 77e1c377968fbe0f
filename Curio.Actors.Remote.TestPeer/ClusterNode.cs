using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace Curio.Actors.Remote.TestPeer;

/// <summary>
/// Cluster nodes on 127.0.0.1 for the specs, the example and the benchmarks (this file is linked into them): a free
/// port, the Channel serializer settings, a fast failure detector and the Split Brain Resolver with keep-majority and a
/// short stable-after, so a killed node is unreachable within about 1.5 s and removed about 3 s later.
/// </summary>
public static class ClusterNode
{
    /// <summary>The cluster's ActorSystem name (every member must have the same one).</summary>
    public const string SystemName = "curio-cluster";

    /// <summary>The key of the Channels between these nodes.</summary>
    public const string ChannelKey = "cluster-spec-channel-key";

    /// <summary>The key remote tasks use on these nodes.</summary>
    public const string TaskKey = "cluster-spec-task-key";

    /// <summary>The config of a node on <paramref name="port"/> (0: a free port) joining <paramref name="seeds"/>.</summary>
    public static Config Config(int port, params string[] seeds) => ConfigurationFactory.ParseString($@"
        akka {{
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.provider = cluster
          remote {{
            log-remote-lifecycle-events = off
            dot-netty.tcp {{ hostname = 127.0.0.1, port = {port} }}
          }}
          cluster {{
            seed-nodes = [{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]
            # tests: unreachable after about 1 s of silence, downed 2 s after the membership view stops changing
            failure-detector {{ heartbeat-interval = 200ms, acceptable-heartbeat-pause = 1s }}
            downing-provider-class = ""Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster""
            split-brain-resolver {{ active-strategy = keep-majority, stable-after = 2s }}
            log-info = off
          }}
          coordinated-shutdown.exit-clr = off
        }}
        curio.remote-tasks.authkey = ""{TaskKey}""").WithFallback(ChannelConfig.Safe);

    /// <summary>Starts a node; with no seeds it joins itself (the first node of a new cluster).</summary>
    public static ActorSystem Start(int port = 0, params string[] seeds)
    {
        var system = ActorSystem.Create(SystemName, Config(port, seeds));
        if (seeds.Length == 0) Cluster.Get(system).Join(Cluster.Get(system).SelfAddress);
        return system;
    }

    /// <summary>Waits (at most <paramref name="limit"/>) until <paramref name="count"/> members are Up as this node sees them.</summary>
    public static async Task WaitForUpMembers(ActorSystem system, int count, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var cluster = Cluster.Get(system);
        while (cluster.State.Members.Count(m => m.Status == MemberStatus.Up) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} members were not up within {limit}: {string.Join(", ", cluster.State.Members)}");
            await Task.Delay(20);
        }
    }
}
