using System.Net;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Curio.Actors.Net;

/// <summary>One materialized Akka.Streams TCP connection seen as an inbox and an outbox.</summary>
internal sealed partial class Connection
{
    // Read once per kernel, not per connection: the materializer and the linger from the ActorSystem's config.
    private static readonly ConditionalWeakTable<Engine.KernelCore, PerKernel> s_perKernel = new();

    private readonly TimeSpan _linger;
    private int _closed;

    internal Connection(Inbox inbox, Outbox outbox, EndPoint local, EndPoint remote, Engine.KernelCore core)
    {
        Inbox = inbox;
        Outbox = outbox;
        Local = local;
        Remote = remote;
        _linger = Of(core).Linger;
        Ended = Task.WhenAll(inbox.Stopped, outbox.Stopped);
        inbox.Peer = outbox.Peer = remote.ToString() ?? "peer";
    }

    /// <summary>
    /// How long a closed connection may go without sending a byte or ending before it is reset: 60 s unless the
    /// ActorSystem's <c>curio.net.close-linger</c> says otherwise (<c>infinite</c> turns it off).
    /// </summary>
    private static TimeSpan LingerOf(Akka.Actor.ActorSystem system)
    {
        var linger = system.Settings.Config.GetTimeSpan("curio.net.close-linger", TimeSpan.FromSeconds(60), allowInfinite: true);
        if (linger == Timeout.InfiniteTimeSpan || linger.TotalMilliseconds > uint.MaxValue - 1) return Timeout.InfiniteTimeSpan;
        if (linger < TimeSpan.Zero)
            throw new Akka.Configuration.ConfigurationException($"curio.net.close-linger must be zero or more, or infinite; it is {linger}.");
        return linger;
    }

    /// <summary>Completes when both directions have stopped: the connection and its actors are gone.</summary>
    internal Task Ended { get; }

    internal Inbox Inbox { get; }
    internal Outbox Outbox { get; }
    // Akka.IO's outgoing sockets are dual mode: their IPv4 endpoints come as ::ffff:a.b.c.d; Curio shows a.b.c.d.
    internal EndPoint Local { get; set => field = Unmapped(value); }
    internal EndPoint Remote { get; set => field = Unmapped(value); }

    private static EndPoint Unmapped(EndPoint e) =>
        e is IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip ? new IPEndPoint(ip.Address.MapToIPv4(), ip.Port) : e;

    /// <summary>
    /// Held around every call into a TLS connection's SslStream that may run OpenSSL (see <see cref="NetReadWaiter"/>):
    /// SslStream locks its reads against its writes, but not against ShutdownAsync, whose SSL_shutdown raced a decrypt
    /// and corrupted the record stream.
    /// </summary>
    internal object TlsGate { get; } = new();

    /// <summary>
    /// The kernel's materializer. Connection stages stay on Akka's default dispatcher: run on the Sequential kernel's
    /// thread they cut ping-pong latency but stalled bulk transfers (measured; see the issue 6 report).
    /// </summary>
    internal static ActorMaterializer MaterializerOf(Engine.KernelCore core) => Of(core).Materializer;

    private static PerKernel Of(Engine.KernelCore core) =>
        s_perKernel.GetValue(core, c => new PerKernel(LingerOf(c.System), c.System.Materializer(namePrefix: "curio-net")));

    private sealed record PerKernel(TimeSpan Linger, ActorMaterializer Materializer);

    /// <summary>Runs an accepted connection's flow between a fresh outbox and inbox.</summary>
    internal static Connection Materialize(Akka.Streams.Dsl.Tcp.IncomingConnection incoming, Engine.KernelCore core)
    {
        var (outbox, inbox) = Source.FromGraph(new OutboxStage())
            .Via(incoming.Flow)
            .ToMaterialized(Sink.FromGraph(new InboxStage()), Keep.Both)
            .Run(MaterializerOf(core));
        return new Connection(inbox, outbox, incoming.LocalAddress, incoming.RemoteAddress, core);
    }

    /// <summary>Starts an outgoing connection; the task completes when it is established (or fails).</summary>
    internal static (Connection, Task<Akka.Streams.Dsl.Tcp.OutgoingConnection>) Connect(Engine.KernelCore core, EndPoint remote, EndPoint? local, TimeSpan? timeout = null)
    {
        var flow = core.System.TcpStream().OutgoingConnection(remote, local, halfClose: true, connectionTimeout: timeout);
        var ((outbox, connected), inbox) = Source.FromGraph(new OutboxStage())
            .ViaMaterialized(flow, Keep.Both)
            .ToMaterialized(Sink.FromGraph(new InboxStage()), Keep.Both)
            .Run(MaterializerOf(core));
        return (new Connection(inbox, outbox, local ?? new IPEndPoint(IPAddress.Any, 0), remote, core), connected);
    }

    /// <summary>
    /// Graceful close: FIN after the queued bytes, and no more reading. Akka's half-close keeps the connection until the
    /// peer ends its side too; one that goes <see cref="_linger"/> without taking a byte or ending is reset, as a kernel
    /// drops an orphaned socket after its timeouts, so a closed socket cannot hold its actors for ever. The timer runs
    /// on the system clock, not the kernel's: a virtual clock that jumps when tasks idle would reset live peers.
    /// </summary>
    internal void Close()
    {
        Outbox.Finish();
        Inbox.Close();
        if (Interlocked.Exchange(ref _closed, 1) == 0 && _linger != Timeout.InfiniteTimeSpan && !Ended.IsCompleted)
            _ = ResetWhenIdleAsync();
    }

    private async Task ResetWhenIdleAsync()
    {
        var seen = Outbox.HandedOver;
        while (true)
        {
            try
            {
                await Ended.WaitAsync(_linger).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                var now = Outbox.HandedOver;
                if (now == seen) break;
                seen = now;
            }
        }
        Reset();
    }

    /// <summary>Aborts the connection: the peer gets a reset, and the connection's actors stop now.</summary>
    internal void Reset()
    {
        Outbox.Finish();
        Inbox.Close();
        Interlocked.Exchange(ref _closed, 1);
        try { Outbox.Abort(); } // still sending: fail that side
        finally { Inbox.Abort(); } // FIN already out: cancel the reading side with a failure
    }
}
