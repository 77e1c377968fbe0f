using System.Net;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Curio.Actors.Net;

/// <summary>One materialized Akka.Streams TCP connection seen as an inbox and an outbox.</summary>
internal sealed class Connection
{
    private static readonly ConditionalWeakTable<Engine.KernelCore, ActorMaterializer> s_materializers = new();

    private readonly TimeSpan _linger;
    private readonly TimeProvider _time;
    private int _closed;

    internal Connection(Inbox inbox, Outbox outbox, EndPoint local, EndPoint remote, Engine.KernelCore core)
    {
        Inbox = inbox;
        Outbox = outbox;
        Local = local;
        Remote = remote;
        _linger = LingerOf(core);
        _time = core.Time;
        inbox.Peer = outbox.Peer = remote.ToString() ?? "peer";
    }

    /// <summary>
    /// How long a closed connection waits for the peer to end its side before it is reset, on the kernel's clock: 60 s
    /// unless the ActorSystem's <c>curio.net.close-linger</c> says otherwise (<c>infinite</c> waits for ever).
    /// </summary>
    private static TimeSpan LingerOf(Engine.KernelCore core) =>
        core.System.Settings.Config.GetTimeSpan("curio.net.close-linger", TimeSpan.FromSeconds(60), allowInfinite: true);

    internal Inbox Inbox { get; }
    internal Outbox Outbox { get; }
    internal EndPoint Local { get; set; }
    internal EndPoint Remote { get; set; }

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
    internal static ActorMaterializer MaterializerOf(Engine.KernelCore core) =>
        s_materializers.GetValue(core, c => c.System.Materializer(namePrefix: "curio-net"));

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
    internal static (Connection, Task<Akka.Streams.Dsl.Tcp.OutgoingConnection>) Connect(Engine.KernelCore core, EndPoint remote, EndPoint? local)
    {
        var flow = core.System.TcpStream().OutgoingConnection(remote, local, halfClose: true);
        var ((outbox, connected), inbox) = Source.FromGraph(new OutboxStage())
            .ViaMaterialized(flow, Keep.Both)
            .ToMaterialized(Sink.FromGraph(new InboxStage()), Keep.Both)
            .Run(MaterializerOf(core));
        return (new Connection(inbox, outbox, local ?? new IPEndPoint(IPAddress.Any, 0), remote, core), connected);
    }

    /// <summary>
    /// Graceful close: FIN after the queued bytes, and no more reading. Akka's half-close keeps the connection until the
    /// peer ends its side too; a peer that never does is reset after the linger, as a kernel drops an orphaned socket
    /// after its FIN timeout, so a closed socket cannot hold its actors for ever.
    /// </summary>
    internal void Close()
    {
        Outbox.Finish();
        Inbox.Close();
        if (Interlocked.Exchange(ref _closed, 1) == 0 && _linger != Timeout.InfiniteTimeSpan && !Inbox.Stopped.IsCompleted)
            _ = ResetAfterLingerAsync();
    }

    private async Task ResetAfterLingerAsync()
    {
        try { await Inbox.Stopped.WaitAsync(_linger, _time).ConfigureAwait(false); }
        catch (TimeoutException) { Inbox.Abort(); }
    }
}
