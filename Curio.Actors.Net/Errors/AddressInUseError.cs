using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>A bind found its address and port taken by another socket (Python's <c>OSError</c> with <c>EADDRINUSE</c>).</summary>
public class AddressInUseError : NetworkError
{
    /// <summary>Creates the error.</summary>
    public AddressInUseError(string message, string host, int port, SocketError socketError = SocketError.AddressAlreadyInUse, Exception? inner = null)
        : base(message, host, port, socketError, inner) { }
}
