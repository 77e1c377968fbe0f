using Akka.Configuration;

namespace Curio.Actors.Remote;

/// <summary>Options of a <see cref="Channel"/>; the defaults follow Curio.</summary>
public sealed record ChannelOptions
{
    /// <summary>The time a peer has to finish the mutual authentication once it started (Curio: 1 s).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The time <see cref="Channel.ConnectAsync(byte[], string?)"/> waits for the accepting side to start the handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="ChannelConnection.CloseAsync"/> waits for the peer to confirm it has every message.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Flow control: the bytes a sender may have in flight (sent, not yet received by the peer's code) before
    /// <see cref="ChannelConnection.SendAsync"/> blocks. Bounds the memory both processes use for one connection.
    /// </summary>
    public int Window { get; init; } = 8 << 20;

    /// <summary>The name of the listening actor (several Channels can share one ActorSystem under different names).</summary>
    public string ListenerName { get; init; } = "curio-channel";

    /// <summary>
    /// The host name the connecting side's own ActorSystem binds and advertises; by default the target host when it is
    /// a loopback name, else this machine's host name.
    /// </summary>
    public string? LocalHostname { get; init; }

    /// <summary>
    /// Extra HOCON for the ActorSystem a standalone Channel creates, placed before the Channel's own settings: for
    /// example TLS (<c>akka.remote.dot-netty.tcp.enable-ssl</c>, see the README) or logging.
    /// </summary>
    public Config? ActorSystemConfig { get; init; }

    /// <summary>
    /// Called on the accepting side for every peer that was dropped (wrong key: <see cref="AuthenticationError"/>;
    /// silent peer: <see cref="TimeoutException"/>; lost: <see cref="ConnectionError"/>), with the peer's address.
    /// Accepting goes on; by default the drop is only logged as a warning.
    /// </summary>
    public Action<string, Exception>? OnPeerRejected { get; init; }
}
