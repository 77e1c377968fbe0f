using System.Net.Sockets;

namespace Curio.Actors.Net;

// Curio's socket.fromfd and detach: a connected .NET socket in and out of a CurioSocket.
public sealed partial class CurioSocket
{
    /// <summary>
    /// Wraps an already connected .NET stream socket, TCP or Unix domain (Curio's <c>fromfd</c>), into a
    /// <see cref="CurioSocket"/> with the same API as one from <see cref="Network.OpenConnection"/>. Call it from a
    /// task. The CurioSocket owns the socket from now on: closing it closes the socket, and <see cref="Detach"/> hands
    /// it back. For TLS over it, use <see cref="Network.WrapSocket"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The socket is not a connected stream socket.</exception>
    public static CurioSocket FromSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Stream) throw new ArgumentException($"A {socket.SocketType} socket cannot be a CurioSocket: only stream sockets (TCP, Unix domain) can.", nameof(socket));
        if (!socket.Connected) throw new ArgumentException("The socket is not connected: connect it first, or use Network.OpenConnection.", nameof(socket));
        var me = CurioTask.Require(nameof(FromSocket));
        return new CurioSocket(Connection.FromSocket(socket, me.Core));
    }

    /// <summary>
    /// Takes the .NET socket back out (Curio's <c>detach</c>): this CurioSocket is closed, the socket is not, and its
    /// blocking mode is as it was before. Bytes already received and still unread, or queued and not yet sent, would
    /// be lost, so then it refuses: read everything first, and detach once what was sent has gone out (a reply from the
    /// peer says so).
    /// </summary>
    /// <exception cref="InvalidOperationException">The socket runs on Akka.IO (from <see cref="Network.OpenConnection"/>,
    /// a server, <see cref="Listen"/>) and has no .NET socket to hand back; or it runs TLS; or bytes would be lost.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public Socket Detach()
    {
        var h = _conn.Handle ?? throw new InvalidOperationException(
            $"The socket connected to {_conn.Remote} runs on Akka.IO, which keeps its .NET socket to itself: only sockets made by CurioSocket.FromSocket or Network.OpenUnixConnection (or a Unix server) can be detached.");
        if (_tls is not null) throw new InvalidOperationException($"The socket connected to {_conn.Remote} runs TLS: its bytes on the wire are encrypted, so the plain socket cannot be handed out.");
        ThrowIfClosed();
        lock (h.Gate)
        {
            if (h.Stopped) throw new ObjectDisposedException(nameof(CurioSocket), $"The connection with {_conn.Remote} has ended.");
            var unread = _conn.Inbox.Buffered;
            if (unread > 0 || h.InFlight)
                throw new InvalidOperationException($"{(unread > 0 ? unread.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Some")} bytes received from {_conn.Remote} are unread and would be lost: read them before detaching.");
            // Queued first: once it is 0, a hand-over count ahead of what the stage took means a chunk between the
            // two, which a detach would lose.
            var queued = _conn.Outbox.Queued;
            var unsent = queued > 0 ? queued : _conn.Outbox.HandedOver - h.Accepted;
            if (unsent > 0 || h.SendPending)
                throw new InvalidOperationException($"{(unsent > 0 ? unsent.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Some")} bytes for {_conn.Remote} have not been sent yet and would be lost: detach once they have gone out.");
            h.Detached = true;
        }
        Volatile.Write(ref _closed, 1);
        h.Release();
        h.Socket.Blocking = h.WasBlocking;
        return h.Socket;
    }
}
