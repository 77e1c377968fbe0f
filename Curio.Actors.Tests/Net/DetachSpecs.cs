using System.Net;
using System.Net.Sockets;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

/// <summary>Curio's fromfd and detach: a connected .NET socket wrapped into a CurioSocket and handed back.</summary>
public sealed class DetachSpecs : NetSpec, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("curio-detach-").FullName;

    private static string Text(byte[] b) => System.Text.Encoding.ASCII.GetString(b);

    void IDisposable.Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        Dispose();
    }

    /// <summary>A connected pair of plain .NET sockets: TCP on 127.0.0.1, or Unix domain in the spec's directory.</summary>
    private (Socket Mine, Socket Peer) Pair(bool unix)
    {
        EndPoint at = unix ? new UnixDomainSocketEndPoint(Path.Combine(_dir, "pair.sock")) : new IPEndPoint(IPAddress.Loopback, 0);
        var (family, protocol) = unix ? (AddressFamily.Unix, ProtocolType.Unspecified) : (AddressFamily.InterNetwork, ProtocolType.Tcp);
        using var listener = new Socket(family, SocketType.Stream, protocol);
        listener.Bind(at);
        listener.Listen(1);
        var mine = new Socket(family, SocketType.Stream, protocol);
        mine.Connect(listener.LocalEndPoint!);
        var peer = listener.Accept();
        peer.ReceiveTimeout = peer.SendTimeout = (int)Limit.TotalMilliseconds; // the peer's blocking calls are bounded
        return (mine, peer);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential, false)]
    [InlineData(SchedulingMode.Parallel, false)]
    [InlineData(SchedulingMode.Sequential, true)]
    [InlineData(SchedulingMode.Parallel, true)]
    public async Task A_wrapped_socket_talks_then_detaches_losing_nothing_and_refuses_while_bytes_are_unread(SchedulingMode mode, bool unix)
    {
        var (mine, peer) = Pair(unix);
        using var _ = peer;
        var k = NewKernel(mode, virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var s = CurioSocket.FromSocket(mine);
            peer.Send("hello"u8);
            var hello = Text(await RecvExactly(s, 5));
            await s.SendAllAsync("world"u8.ToArray());
            var world = new byte[5];
            var n = 0;
            while (n < 5) n += peer.Receive(world, n, 5 - n, SocketFlags.None);
            // Ten bytes in one send arrive as one chunk: four read, six left in the socket's buffer.
            peer.Send("0123456789"u8);
            var four = Text(await s.RecvAsync(4));
            var refused = Assert.Throws<InvalidOperationException>(() => s.Detach());
            var six = Text(await RecvExactly(s, 6));
            var back = s.Detach();
            var closed = s.IsClosed;
            // The .NET socket is the caller's again, blocking as it was: what the peer sends next is all there.
            peer.Send("after"u8);
            var after = new byte[5];
            back.ReceiveTimeout = (int)Limit.TotalMilliseconds;
            n = 0;
            while (n < 5) n += back.Receive(after, n, 5 - n, SocketFlags.None);
            back.Send("bye"u8);
            var disposed = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await s.RecvAsync(1));
            return (hello, Text(world), four, refused.Message, six, ReferenceEquals(back, mine), back.Blocking, closed, Text(after), disposed is not null);
        });
        var bye = new byte[3];
        var got = 0;
        while (got < 3) got += peer.Receive(bye, got, 3 - got, SocketFlags.None);
        mine.Dispose();
        Assert.Equal(("hello", "world", "0123", "456789"), (r.hello, r.Item2, r.four, r.six));
        Assert.Contains("6 bytes received", r.Message);
        Assert.Equal((true, true, true, "after", true), (r.Item6, r.Blocking, r.closed, r.Item9, r.Item10));
        Assert.Equal("bye", Text(bye));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_wrapped_socket_sees_end_of_file_and_a_reset_as_a_TCP_one_does(SchedulingMode mode)
    {
        var (mine1, peer1) = Pair(unix: false);
        var (mine2, peer2) = Pair(unix: false);
        var k = NewKernel(mode, virtualTime: false);
        var (eof, stillSends, reset) = await RunIn(k, async () =>
        {
            await using var a = CurioSocket.FromSocket(mine1);
            peer1.Shutdown(SocketShutdown.Send); // the peer's FIN: end of file, and the other direction still works
            var end = await a.RecvAsync(10);
            await a.SendAllAsync("still"u8.ToArray());
            var buf = new byte[5];
            var n = 0;
            while (n < 5) n += peer1.Receive(buf, n, 5 - n, SocketFlags.None);
            await using var b = CurioSocket.FromSocket(mine2);
            peer2.LingerState = new LingerOption(true, 0);
            peer2.Close(); // an RST
            var e = await Assert.ThrowsAsync<IOException>(async () => await b.RecvAsync(10));
            return (end.Length, Text(buf), e);
        });
        peer1.Dispose();
        Assert.Equal(0, eof);
        Assert.Equal("still", stillSends);
        Assert.NotNull(reset);
    }

    [Fact]
    public async Task Detach_is_refused_on_an_Akka_IO_socket_and_FromSocket_wants_a_connected_stream_socket()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            var akka = Assert.Throws<InvalidOperationException>(() => a.Detach());
            await a.CloseAsync();
            await b.CloseAsync();
            using var unconnected = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var notConnected = Assert.Throws<ArgumentException>(() => CurioSocket.FromSocket(unconnected));
            var notStream = Assert.Throws<ArgumentException>(() => CurioSocket.FromSocket(udp));
            return (akka.Message, notConnected.Message, notStream.Message);
        });
        Assert.Contains("Akka.IO", r.Item1);
        Assert.Contains("not connected", r.Item2);
        Assert.Contains("stream sockets", r.Item3);
    }
}
