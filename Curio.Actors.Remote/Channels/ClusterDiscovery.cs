using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;

namespace Curio.Actors.Remote.Channels;

/// <summary>
/// Finds the cluster members that run an actor of a well-known name under /user (a named Channel endpoint, a
/// registered remote task): Identify sent to that path on every reachable member that is up, answered or not within
/// the timeout. Needs no Akka.Cluster.Tools: membership plus actor paths are the whole registry. When nothing is found,
/// or an up member is unreachable, it asks again for up to 3 s before answering.
/// </summary>
internal static class ClusterDiscovery
{
    internal static bool IsCluster(ActorSystem system) => ((ExtendedActorSystem)system).Provider is ClusterActorRefProvider;

    /// <summary>The addresses of the members hosting /user/<paramref name="actorName"/>, in member order.</summary>
    internal static async Task<IReadOnlyList<Address>> FindAsync(ActorSystem system, string actorName, TimeSpan timeout)
    {
        var cluster = Cluster.Get(system);
        await WhenUp(cluster, timeout).ConfigureAwait(false);
        // A member that is up but marked unreachable for a moment (a loaded machine's failure detector, right after a
        // join) would be skipped, and one alone would leave nothing found: ask again for a short while before
        // answering without it. A member that stays unreachable costs the caller that settle time, no more.
        var settle = Stopwatch.StartNew();
        var settleFor = timeout < s_settle ? timeout : s_settle;
        while (true)
        {
            var state = cluster.State;
            var up = state.Members.Where(m => m.Status == MemberStatus.Up || m.Status == MemberStatus.WeaklyUp).ToList();
            var members = up.Where(m => !state.Unreachable.Contains(m)).Select(m => m.Address).ToList();
            var asks = members.Select(a => Identify(system, a, actorName, timeout)).ToList();
            var answers = await Task.WhenAll(asks).ConfigureAwait(false);
            var found = members.Where((_, i) => answers[i]).ToList();
            if ((found.Count > 0 && members.Count == up.Count) || settle.Elapsed >= settleFor) return found;
            await Task.Delay(s_retry).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_retry = TimeSpan.FromMilliseconds(100);

    private static async Task<bool> Identify(ActorSystem system, Address member, string actorName, TimeSpan timeout)
    {
        try
        {
            var id = await system.ActorSelection(new RootActorPath(member) / "user" / actorName)
                .Ask<ActorIdentity>(new Identify(null), timeout).ConfigureAwait(false);
            return id.Subject is not null;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return false; // a member that died since the last gossip
        }
    }

    private static Task WhenUp(Cluster cluster, TimeSpan timeout)
    {
        if (cluster.SelfMember.Status == MemberStatus.Up) return Task.CompletedTask;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task.WaitAsync(timeout).ContinueWith(t =>
        {
            if (!t.IsCompletedSuccessfully) throw new ConnectionError($"This node did not become an Up member of its cluster within {timeout.TotalSeconds:0.###} s.");
        }, TaskScheduler.Default);
    }
}
