using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>The host or its network cannot be reached (Python's <c>OSError</c> with <c>EHOSTUNREACH</c> or <c>ENETUNREACH</c>).</summary>
public class HostUnreachableError : NetworkError
{
    /// <summary>Creates the error.</summary>
    public HostUnreachableError(string message, string host, int port, SocketError socketError = SocketError.HostUnreachable, Exception? inner = null)
        : base(message, host, port, socketError, inner) { }
}
