using System.Net;

namespace Curio.Actors.Net;

// Curio's socket wraps recvfrom, recvfrom_into and sendto for every socket. On a connected TCP socket Linux reports
// no address for received bytes (CPython returns None) and ignores the one given to sendto: so do these.
public sealed partial class CurioSocket
{
    /// <summary>
    /// Receives up to <paramref name="maxBytes"/> bytes (Curio's <c>recvfrom</c>), as <see cref="RecvAsync"/> does,
    /// with the sender's address: always null on this connected stream socket, as CPython returns None for TCP on Linux
    /// (the peer is <see cref="RemoteEndPoint"/>).
    /// </summary>
    public async ValueTask<(byte[] Data, EndPoint? From)> RecvFromAsync(int maxBytes) =>
        (await RecvAsync(maxBytes).ConfigureAwait(true), null);

    /// <summary>
    /// Receives into <paramref name="buffer"/> (Curio's <c>recvfrom_into</c>), as <see cref="RecvIntoAsync"/> does,
    /// with the sender's address: null on this connected stream socket (see <see cref="RecvFromAsync"/>).
    /// </summary>
    public async ValueTask<(int Count, EndPoint? From)> RecvFromIntoAsync(Memory<byte> buffer, int nbytes = 0) =>
        (await RecvIntoAsync(buffer, nbytes).ConfigureAwait(true), null);

    /// <summary>
    /// Sends part of <paramref name="data"/> (Curio's <c>sendto</c>), as <see cref="SendAsync"/> does, and returns the
    /// count sent. The connection has its peer already: <paramref name="address"/> is ignored, as Linux ignores it for
    /// a connected TCP socket.
    /// </summary>
    public ValueTask<int> SendToAsync(ReadOnlyMemory<byte> data, EndPoint? address) => SendAsync(data);
}
