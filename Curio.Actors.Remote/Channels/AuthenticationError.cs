namespace Curio.Actors.Remote;

/// <summary>
/// The Channel handshake failed because the two sides do not share the authkey (Curio's <c>AuthenticationError</c>):
/// "digest received was wrong" on the side that checked the peer's answer, "digest sent was rejected" on the side whose
/// answer was refused. The connection is dropped; nothing from the peer ever reached user code.
/// </summary>
public class AuthenticationError : ConnectionError
{
    /// <summary>Creates the error with a message.</summary>
    public AuthenticationError(string? message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public AuthenticationError(string? message, Exception? inner) : base(message, inner) { }
}
