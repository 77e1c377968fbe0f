using System.Net;
using System.Net.Security;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class StartTlsSpecs : NetSpec
{
    private static async Task StartTlsServer(CurioSocket client, EndPoint _)
    {
        var hello = await RecvExactly(client, 9);
        if (System.Text.Encoding.ASCII.GetString(hello) != "STARTTLS\n") return;
        await client.SendAllAsync("OK\n"u8.ToArray());
        await using var tls = await Network.WrapSocket(client, serverSide: true, certificate: TestCertificates.Localhost);
        var secret = await RecvExactly(tls, 6);
        await tls.SendAllAsync(System.Text.Encoding.ASCII.GetBytes($"{tls.IsTls}:{System.Text.Encoding.ASCII.GetString(secret)}"));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_plain_connection_upgrades_to_TLS_on_both_sides(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var (ok, answer, tls) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, StartTlsServer);
            var st = Spawn(server.ServeAsync);
            var plain = await Network.OpenConnection("127.0.0.1", server.Port);
            await plain.SendAllAsync("STARTTLS\n"u8.ToArray());
            var reply = System.Text.Encoding.ASCII.GetString(await RecvExactly(plain, 3));
            await using var c = await Network.WrapSocket(plain, serverHostname: "localhost",
                clientOptions: new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true });
            await c.SendAllAsync("secret"u8.ToArray());
            var back = System.Text.Encoding.ASCII.GetString(await RecvExactly(c, 11));
            await st.CancelAsync();
            return (reply, back, c.IsTls);
        });
        Assert.Equal("OK\n", ok);
        Assert.Equal("True:secret", answer);
        Assert.True(tls);
    }
}
