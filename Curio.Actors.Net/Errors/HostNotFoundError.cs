using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>The host name does not resolve (Python's <c>socket.gaierror</c>).</summary>
public class HostNotFoundError : NetworkError
{
    /// <summary>Creates the error.</summary>
    public HostNotFoundError(string message, string host, int port, SocketError socketError = SocketError.HostNotFound, Exception? inner = null)
        : base(message, host, port, socketError, inner) { }
}
