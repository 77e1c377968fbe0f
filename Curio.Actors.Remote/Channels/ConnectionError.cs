namespace Curio.Actors.Remote;

/// <summary>
/// A Channel connection failed (Curio's <c>curio.channel.ConnectionError</c>): nobody answered at the address, the
/// peer's process died or the network dropped (the connection is then lost for good), or the connection was used after
/// it was closed. An orderly close by the peer is an <see cref="EndOfStreamException"/> instead.
/// </summary>
public class ConnectionError : CurioError
{
    /// <summary>Creates the error with a message.</summary>
    public ConnectionError(string? message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public ConnectionError(string? message, Exception? inner) : base(message, inner) { }
}
