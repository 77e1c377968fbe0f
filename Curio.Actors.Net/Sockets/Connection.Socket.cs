using System.Net;
using System.Net.Sockets;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Curio.Actors.Net;

// Connections over a .NET socket of our own (Unix domain sockets, CurioSocket.FromSocket): the same outbox and inbox,
// joined by a SocketStage instead of Akka.IO's TCP stage.
internal sealed partial class Connection
{
    /// <summary>The socket stage's handle when the connection runs over a .NET socket; null for Akka.IO's.</summary>
    internal SocketHandle? Handle { get; private init; }

    /// <summary>Runs a connected .NET socket between a fresh outbox and inbox; the connection owns the socket from now on.</summary>
    internal static Connection FromSocket(Socket socket, Engine.KernelCore core)
    {
        var handle = new SocketHandle(socket);
        var local = socket.LocalEndPoint ?? new IPEndPoint(IPAddress.Any, 0);
        var remote = socket.RemoteEndPoint ?? local;
        var (outbox, inbox) = Source.FromGraph(new OutboxStage())
            .Via(Flow.FromGraph(new SocketStage(handle)))
            .ToMaterialized(Sink.FromGraph(new InboxStage()), Keep.Both)
            .Run(MaterializerOf(core));
        var conn = new Connection(inbox, outbox, local, remote, core) { Handle = handle };
        // An accepted Unix socket's peer is unnamed: name the path in messages instead.
        if (remote is UnixDomainSocketEndPoint && string.IsNullOrEmpty(remote.ToString())) inbox.Peer = outbox.Peer = "unix:" + local;
        return conn;
    }
}
