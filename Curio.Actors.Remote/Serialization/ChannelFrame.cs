namespace Curio.Actors.Remote.Serialization;

/// <summary>The kinds of Channel wire messages; each is one manifest letter.</summary>
internal enum FrameKind : byte
{
    Open = (byte)'O',        // connector -> listener: please start a handshake
    Challenge = (byte)'C',   // nonce
    Response = (byte)'R',    // HMAC-SHA256 of the nonce
    Welcome = (byte)'W',
    Failure = (byte)'F',
    Data = (byte)'D',        // a slice of the framed byte stream (4-byte length + message, repeated)
    Ack = (byte)'A',         // flow control: bytes consumed (8 bytes, big endian)
    Close = (byte)'E',       // orderly end of stream
    CloseAck = (byte)'K',
}

/// <summary>
/// The only type that travels between Channel endpoints: a kind and opaque bytes. The serializer never looks inside
/// <see cref="Payload"/>: user messages are decoded by the connection, after authentication, when the user receives.
/// </summary>
internal sealed class ChannelFrame(FrameKind kind, byte[] payload) : IChannelMessage
{
    internal static readonly byte[] Empty = [];

    internal FrameKind Kind { get; } = kind;
    internal byte[] Payload { get; } = payload;

    internal static ChannelFrame Of(FrameKind kind) => new(kind, Empty);

    public override string ToString() => $"ChannelFrame({Kind}, {Payload.Length} bytes)";
}
