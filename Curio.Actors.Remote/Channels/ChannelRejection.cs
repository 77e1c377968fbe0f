namespace Curio.Actors.Remote;

/// <summary>
/// A peer the accepting side of a <see cref="Channel"/> dropped (see <see cref="Channel.NextRejectionAsync"/>).
/// </summary>
/// <param name="Peer">The peer's address.</param>
/// <param name="Error">Why: <see cref="AuthenticationError"/> ("digest received was wrong") for a wrong key,
/// <see cref="TimeoutException"/> for a peer silent past the handshake timeout, <see cref="ConnectionError"/> for one lost.</param>
/// <param name="Endpoint">The endpoint name it tried (<c>AcceptAsync(key, name:)</c>), or null for the Channel's own.</param>
public sealed record ChannelRejection(string Peer, Exception Error, string? Endpoint);
