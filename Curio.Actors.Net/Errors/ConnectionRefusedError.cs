using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>Nothing listens on the host's port (Python's <c>ConnectionRefusedError</c>): the peer answered the connect with a reset.</summary>
public class ConnectionRefusedError : NetworkError
{
    /// <summary>Creates the error.</summary>
    public ConnectionRefusedError(string message, string host, int port, SocketError socketError = SocketError.ConnectionRefused, Exception? inner = null)
        : base(message, host, port, socketError, inner) { }
}
