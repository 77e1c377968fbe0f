using Akka.Actor;
using Curio.Actors.Remote.TestPeer;

namespace Curio.Actors.Tests.Cluster;

/// <summary>A spec with two cluster nodes in this process (two ActorSystems on loopback), both Up before it starts.</summary>
public abstract class TwoNodeSpec : KernelSpec, IAsyncLifetime
{
    protected ActorSystem A { get; private set; } = null!;
    protected ActorSystem B { get; private set; } = null!;

    protected static Address AddressOf(ActorSystem node) => Akka.Cluster.Cluster.Get(node).SelfAddress;

    public virtual async Task InitializeAsync()
    {
        A = ClusterNode.Start();
        B = ClusterNode.Start(0, AddressOf(A).ToString());
        await ClusterNode.WaitForUpMembers(A, 2, Limit);
        await ClusterNode.WaitForUpMembers(B, 2, Limit);
    }

    public virtual async Task DisposeAsync() => await Task.WhenAll(A.Terminate(), B.Terminate()).WaitAsync(Limit);
}
