using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using StreamTcp = Akka.Streams.Dsl.Tcp;

namespace Curio.Actors.Net;

/// <summary>
/// Akka.Streams' listening source bound to an IP endpoint. <c>TcpExt.Bind(host, ...)</c> resolves its host through
/// <c>Dns.GetHostAddressesAsync</c>, which refuses 0.0.0.0 and ::, so it cannot listen on all interfaces; the stage
/// behind it (Akka.IO's Tcp manager underneath) takes any endpoint, and is built here from the same arguments.
/// </summary>
internal static class TcpBind
{
    private static readonly ConstructorInfo s_stage = typeof(StreamTcp).Assembly
        .GetType("Akka.Streams.Implementation.IO.ConnectionSourceStage", throwOnError: true)!
        .GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance,
            [typeof(IActorRef), typeof(EndPoint), typeof(int), typeof(IImmutableList<Inet.SocketOption>), typeof(bool), typeof(TimeSpan?), typeof(TimeSpan)])
        ?? throw new MissingMethodException("Akka.Streams' ConnectionSourceStage constructor changed; Curio.Actors.Net needs Akka.Streams 1.5.74.");

    /// <summary>Listens on <paramref name="endpoint"/>; an IPv6 address listens dual stack where the OS allows.</summary>
    internal static Source<StreamTcp.IncomingConnection, Task<StreamTcp.ServerBinding>> Source(ActorSystem system, IPEndPoint endpoint, int backlog)
    {
        IImmutableList<Inet.SocketOption> options = endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? ImmutableList.Create<Inet.SocketOption>(new DualStack())
            : ImmutableList<Inet.SocketOption>.Empty;
        // The same shutdown timeout TcpExt.Bind passes: the materializer's subscription timeout.
        var shutdown = ActorMaterializerSettings.Create(system).SubscriptionTimeoutSettings.Timeout;
        var stage = (IGraph<SourceShape<StreamTcp.IncomingConnection>, Task<StreamTcp.ServerBinding>>)s_stage.Invoke(
            [system.Tcp(), endpoint, backlog, options, true, null, shutdown]);
        return Akka.Streams.Dsl.Source.FromGraph(stage);
    }

    /// <summary>.NET opens IPv6 sockets IPv6-only; Curio's <c>::</c> (and the OS default on Linux) takes IPv4 clients too.</summary>
    private sealed class DualStack : Inet.SocketOption
    {
        public override void BeforeServerSocketBind(Socket s)
        {
            try { s.DualMode = true; }
            catch (SocketException) { } // an IPv6-only host: serve IPv6
            catch (NotSupportedException) { }
        }
    }
}
