using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class BindSpecs : NetSpec
{
    /// <summary>The machine's first non-loopback IPv4 address, if it has one.</summary>
    private static IPAddress? NonLoopback() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(i => i.OperationalStatus == OperationalStatus.Up)
        .SelectMany(i => i.GetIPProperties().UnicastAddresses)
        .Select(u => u.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    private static async Task<string> RoundTrip(IPAddress to, int port, bool tls)
    {
        await using var c = await Network.OpenConnection(to.ToString(), port, ssl: tls, serverHostname: tls ? "localhost" : null,
            skipCertificateValidation: tls);
        await c.SendAllAsync("ping"u8.ToArray());
        return System.Text.Encoding.ASCII.GetString(await RecvExactly(c, 4));
    }

    [Theory]
    [InlineData("", SchedulingMode.Sequential, false)]
    [InlineData("", SchedulingMode.Parallel, false)]
    [InlineData("0.0.0.0", SchedulingMode.Sequential, false)]
    [InlineData("*", SchedulingMode.Parallel, false)]
    [InlineData("", SchedulingMode.Sequential, true)]
    [InlineData("", SchedulingMode.Parallel, true)]
    public async Task Empty_host_listens_on_every_IPv4_interface_for_TCP_and_TLS(string host, SchedulingMode mode, bool tls)
    {
        var k = NewKernel(mode, virtualTime: false);
        var outside = NonLoopback();
        var (bound, answers) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync(host, 0, Echo, tls ? TestCertificates.Localhost : null);
            var st = Spawn(server.ServeAsync);
            var got = new List<string> { await RoundTrip(IPAddress.Loopback, server.Port, tls) };
            if (outside is not null) got.Add(await RoundTrip(outside, server.Port, tls));
            await st.CancelAsync();
            return ((IPEndPoint)server.LocalEndPoint, got);
        });
        Assert.Equal(IPAddress.Any, bound.Address);
        Assert.NotEqual(0, bound.Port);
        Assert.Equal(Enumerable.Repeat("ping", outside is null ? 1 : 2), answers);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task IPv6_any_listens_dual_stack(SchedulingMode mode)
    {
        if (!Socket.OSSupportsIPv6) return;
        var k = NewKernel(mode, virtualTime: false);
        var (bound, answers) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("::", 0, Echo);
            var st = Spawn(server.ServeAsync);
            var got = new[] { await RoundTrip(IPAddress.IPv6Loopback, server.Port, false), await RoundTrip(IPAddress.Loopback, server.Port, false) };
            await st.CancelAsync();
            return ((IPEndPoint)server.LocalEndPoint, got);
        });
        Assert.Equal(IPAddress.IPv6Any, bound.Address);
        Assert.Equal(new[] { "ping", "ping" }, answers);
    }

    [Fact]
    public async Task A_specific_local_address_listens_there_only()
    {
        var outside = NonLoopback();
        if (outside is null) return;
        var k = NewKernel(virtualTime: false);
        var (bound, answer, refused) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync(outside.ToString(), 0, Echo);
            var st = Spawn(server.ServeAsync);
            var got = await RoundTrip(outside, server.Port, false);
            Exception? e = null;
            try { await RoundTrip(IPAddress.Loopback, server.Port, false); }
            catch (IOException x) { e = x; }
            await st.CancelAsync();
            return ((IPEndPoint)server.LocalEndPoint, got, e);
        });
        Assert.Equal(outside, bound.Address);
        Assert.Equal("ping", answer);
        Assert.NotNull(refused);
    }
}
