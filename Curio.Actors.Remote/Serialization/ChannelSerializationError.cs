namespace Curio.Actors.Remote;

/// <summary>
/// A Channel message could not be encoded or decoded: its type is not allowed (only primitives, strings, byte arrays,
/// arrays of those and types registered with <see cref="ChannelTypes"/> are), or the received bytes are not a valid
/// message. Nothing of an unknown type is ever built from the wire.
/// </summary>
public class ChannelSerializationError : CurioError
{
    /// <summary>Creates the error with a message.</summary>
    public ChannelSerializationError(string? message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public ChannelSerializationError(string? message, Exception? inner) : base(message, inner) { }
}
