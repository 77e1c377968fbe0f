using System.Net;
using System.Net.Sockets;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class ListenSpecs : NetSpec
{
    private static string Text(byte[] b) => System.Text.Encoding.ASCII.GetString(b);

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Accept_returns_each_client_and_its_address_and_accepted_clients_outlive_the_closed_listener(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var step = "listen"; // which await a stall happened in (one CI run of the suite timed out here once)
        var run = RunIn(k, async () =>
        {
            var listener = await CurioSocket.Listen("127.0.0.1", 0);
            var port = listener.Port;
            step = "connect";
            await using var c1 = await Network.OpenConnection("127.0.0.1", port);
            await using var c2 = await Network.OpenConnection("127.0.0.1", port);
            step = "accept";
            var (s1, a1) = await listener.AcceptAsync();
            var (s2, a2) = await listener.AcceptAsync();
            // Accepts come in the order the connections reached the listener, not always the order of the connects:
            // pair each accepted socket with its client by address.
            if (a1.ToString() != c1.LocalEndPoint.ToString()) (s1, s2) = (s2, s1);
            step = "close the listener";
            await listener.CloseAsync();
            Exception? again = null;
            try { await listener.AcceptAsync(); } catch (ObjectDisposedException e) { again = e; }
            // A client that comes after the close is not served: refused, or closed at once while accepted ones live.
            var refused = false;
            try
            {
                step = "connect late";
                await using var late = await Network.OpenConnection("127.0.0.1", port);
                step = "late client's read";
                refused = (await late.RecvAsync(10)).Length == 0;
                step = "late client's close";
            }
            catch (IOException) { refused = true; }
            // Both accepted clients still talk, each to its own peer.
            step = "talk";
            await c1.SendAllAsync("one"u8.ToArray());
            await c2.SendAllAsync("two"u8.ToArray());
            var got1 = Text(await RecvExactly(s1, 3));
            var got2 = Text(await RecvExactly(s2, 3));
            await s1.SendAllAsync("back"u8.ToArray());
            var back = Text(await RecvExactly(c1, 4));
            step = "close";
            await s1.CloseAsync();
            await s2.CloseAsync();
            step = "dispose the clients";
            return (port, a1, a2, c1.LocalEndPoint, c2.LocalEndPoint, again, refused, got1, got2, back);
        });
        (int port, EndPoint a1, EndPoint a2, EndPoint Item4, EndPoint Item5, Exception? again, bool refused, string got1, string got2, string back) r;
        try { r = await run; }
        catch (TimeoutException e) { throw new TimeoutException($"Stalled at: {step}", e); }
        Assert.NotEqual(0, r.port);
        // Each accepted address is a connecting client's own endpoint.
        Assert.Equal(new[] { r.Item4.ToString(), r.Item5.ToString() }.Order(), new[] { r.a1.ToString(), r.a2.ToString() }.Order());
        Assert.NotNull(r.again);
        Assert.True(r.refused);
        Assert.Equal(("one", "two", "back"), (r.got1, r.got2, r.back));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Accept_is_a_cancellation_point_and_a_cancelled_accept_takes_no_client(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var (cancelled, state, got) = await RunIn(k, async () =>
        {
            await using var listener = await CurioSocket.Listen("127.0.0.1", 0);
            var acceptor = Spawn(async () => { await listener.AcceptAsync(); });
            await acceptor.CancelAsync();
            await using var c = await Network.OpenConnection("127.0.0.1", listener.Port);
            var (s, _) = await listener.AcceptAsync();
            await c.SendAllAsync("x"u8.ToArray());
            var b = await RecvExactly(s, 1);
            await s.CloseAsync();
            return (acceptor.Cancelled, acceptor.State, Text(b));
        });
        Assert.True(cancelled);
        Assert.Equal("TERMINATED", state);
        Assert.Equal("x", got);
    }

    [Fact]
    public async Task Accept_honours_a_timeout()
    {
        var k = NewKernel(virtualTime: false);
        var timedOut = await RunIn(k, async () =>
        {
            await using var listener = await CurioSocket.Listen("127.0.0.1", 0);
            try { await TimeoutAfter(TimeSpan.FromMilliseconds(20), async () => { await listener.AcceptAsync(); }); }
            catch (TaskTimeout) { return true; }
            return false;
        });
        Assert.True(timedOut);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task SocketPair_is_connected_both_ways_and_close_is_end_of_file(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var (ab, ba, eof) = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            await a.SendAllAsync("ping"u8.ToArray());
            var x = Text(await RecvExactly(b, 4));
            await b.SendAllAsync("pong"u8.ToArray());
            var y = Text(await RecvExactly(a, 4));
            await a.CloseAsync();
            var end = await b.RecvAsync(10);
            await b.CloseAsync();
            return (x, y, end.Length);
        });
        Assert.Equal(("ping", "pong", 0), (ab, ba, eof));
    }

    [Fact]
    public async Task Dns_helpers_answer_as_Curios_socket_module()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var local = await CurioSocket.GetAddrInfoAsync("localhost", 80, AddressFamily.InterNetwork);
            var literal = await CurioSocket.GetAddrInfoAsync("127.0.0.1", 25000, type: SocketType.Dgram);
            var byName = await CurioSocket.GetHostByNameAsync("localhost");
            var hostName = await CurioSocket.GetHostNameAsync();
            var fqdn = await CurioSocket.GetFqdnAsync();
            var (niHost, niPort) = await CurioSocket.GetNameInfoAsync(new IPEndPoint(IPAddress.Loopback, 8080));
            return (local, literal, byName, hostName, fqdn, niHost, niPort);
        });
        Assert.Contains(r.local, e => e.Address.Equals(new IPEndPoint(IPAddress.Loopback, 80)) && e.Family == AddressFamily.InterNetwork
            && e.Type == SocketType.Stream && e.Protocol == ProtocolType.Tcp);
        var only = Assert.Single(r.literal);
        Assert.Equal((AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, new IPEndPoint(IPAddress.Loopback, 25000)),
            (only.Family, only.Type, only.Protocol, only.Address));
        Assert.Equal("127.0.0.1", r.byName);
        Assert.Equal(Dns.GetHostName(), r.hostName);
        Assert.StartsWith(Dns.GetHostName().Split('.')[0], r.fqdn);
        Assert.Equal("8080", r.niPort);
        Assert.False(string.IsNullOrEmpty(r.niHost));
    }

    [Fact]
    public async Task Listen_and_the_Dns_helpers_need_a_task()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => CurioSocket.Listen("127.0.0.1", 0));
        await Assert.ThrowsAnyAsync<Exception>(() => CurioSocket.GetAddrInfoAsync("localhost", 0));
    }
}
