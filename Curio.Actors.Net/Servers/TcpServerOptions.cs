namespace Curio.Actors.Net;

/// <summary>
/// Limits of a <see cref="TcpServer"/> against slow, idle and hostile peers. The defaults suit a public server:
/// 1,000 connections, a 10 s TLS handshake, a 60 s send stall, no idle limit (a quiet client is not a fault).
/// <see cref="Timeout.InfiniteTimeSpan"/> turns a timeout off. The timeouts run on the kernel's clock.
/// </summary>
public sealed class TcpServerOptions
{
    /// <summary>
    /// How many connections may be open at once (from accept until the handler ends). Beyond it the server stops
    /// accepting: new connects wait in the listen backlog (back-pressure), and are taken as handlers end.
    /// </summary>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>How long a client may take over the TLS handshake; then the connection is reset and logged once at INFO.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a receive in the handler may wait for a byte; then it raises <see cref="TaskTimeout"/> at that call, so
    /// the handler's <c>finally</c> runs. Off by default.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long a send in the handler may wait for the peer to take bytes (a client that never reads); then it raises
    /// <see cref="TaskTimeout"/> at that call.
    /// </summary>
    public TimeSpan SendStallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The listen backlog: connects the system queues while the server is not accepting.</summary>
    public int Backlog { get; init; } = 100;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(Backlog, 1, nameof(Backlog));
        foreach (var (t, name) in new[] { (HandshakeTimeout, nameof(HandshakeTimeout)), (IdleTimeout, nameof(IdleTimeout)), (SendStallTimeout, nameof(SendStallTimeout)) })
            if (t != Timeout.InfiniteTimeSpan && t <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(name, t, "A timeout must be positive, or Timeout.InfiniteTimeSpan.");
    }
}
