using System.Net;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class UdpSpecs : NetSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Udp_echo(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var got = await RunIn(k, async () =>
        {
            var server = await UdpServer.BindAsync("127.0.0.1", 0, async (data, from, sock) => await sock.SendToAsync(data, from));
            var st = Spawn(server.ServeAsync);
            await using var c = new UdpSocket();
            var target = new IPEndPoint(IPAddress.Loopback, server.Port);
            var replies = new List<string>();
            foreach (var m in new[] { "a", "bb", "ccc" })
            {
                await c.SendToAsync(System.Text.Encoding.ASCII.GetBytes(m), target);
                var (d, from) = await TimeoutAfter(S(5), async () => await c.RecvFromAsync(8192));
                Assert.Equal(server.Port, ((IPEndPoint)from).Port);
                replies.Add(System.Text.Encoding.ASCII.GetString(d));
            }
            await st.CancelAsync();
            return replies;
        });
        Assert.Equal(new[] { "a", "bb", "ccc" }, got);
    }

    [Fact]
    public async Task Large_datagrams_arrive_whole_and_recvfrom_truncates_to_its_size()
    {
        var k = NewKernel(virtualTime: false);
        var big = Pattern(60_000);
        var (whole, cut) = await RunIn(k, async () =>
        {
            await using var a = new UdpSocket();
            await a.BindAsync("127.0.0.1", 0);
            await using var b = new UdpSocket();
            await b.BindAsync("127.0.0.1", 0);
            await b.SendToAsync(big, a.LocalEndPoint!);
            var (d1, _) = await TimeoutAfter(S(5), async () => await a.RecvFromAsync(65536));
            await b.SendToAsync(big, a.LocalEndPoint!);
            var (d2, _) = await TimeoutAfter(S(5), async () => await a.RecvFromAsync(1000));
            return (d1, d2);
        });
        Assert.Equal(big, whole);
        Assert.Equal(big.AsSpan(0, 1000).ToArray(), cut);
    }

    [Fact]
    public async Task Recvfrom_timeout_then_datagram_still_arrives()
    {
        var k = NewKernel();
        CurioTask? main = null;
        var t = k.Spawn(async () =>
        {
            await using var a = new UdpSocket();
            await a.BindAsync("127.0.0.1", 0);
            main = CurrentTask;
            await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => await a.RecvFromAsync(100)));
            await using var b = new UdpSocket();
            await b.SendToAsync("hi"u8.ToArray(), a.LocalEndPoint!);
            var (d, _) = await a.RecvFromAsync(100);
            return System.Text.Encoding.ASCII.GetString(d);
        });
        AwaitCondition(() => main is not null && main.State == "RECVFROM_WAIT", Limit);
        Time.Advance(S(2));
        Assert.Equal("hi", (string)(await t.Completion.WaitAsync(Limit))!);
    }

    [Fact]
    public async Task Binding_a_busy_udp_port_fails_clearly()
    {
        var k = NewKernel(virtualTime: false);
        var msg = await RunIn(k, async () =>
        {
            await using var a = new UdpSocket();
            await a.BindAsync("127.0.0.1", 0);
            await using var b = new UdpSocket();
            var e = await Assert.ThrowsAsync<IOException>(() => b.BindAsync("127.0.0.1", ((IPEndPoint)a.LocalEndPoint!).Port));
            return e.Message;
        });
        Assert.Contains("127.0.0.1", msg);
    }
}
