using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>The connect did not complete in time (Python's <c>TimeoutError</c>): nothing answered.</summary>
public class ConnectTimeoutError : NetworkError
{
    /// <summary>Creates the error.</summary>
    public ConnectTimeoutError(string message, string host, int port, SocketError socketError = SocketError.TimedOut, Exception? inner = null)
        : base(message, host, port, socketError, inner) { }
}
