using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>
/// A connect or bind that failed (Python's <c>OSError</c> with an errno): an <see cref="IOException"/> that names the
/// host and port and carries the socket error. Subclasses say which failure it was, so a program can catch the one it
/// can act on.
/// </summary>
public class NetworkError : IOException
{
    /// <summary>Creates the error.</summary>
    public NetworkError(string message, string host, int port, SocketError socketError, Exception? inner = null)
        : base(message, inner)
    {
        Host = host;
        Port = port;
        SocketErrorCode = socketError;
    }

    /// <summary>The host as the program named it.</summary>
    public string Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The socket error behind the failure.</summary>
    public SocketError SocketErrorCode { get; }
}
