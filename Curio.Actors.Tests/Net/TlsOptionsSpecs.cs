using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class TlsOptionsSpecs : NetSpec
{
    private static async Task Greet(CurioSocket client, EndPoint _)
    {
        var alpn = client.SslStream!.NegotiatedApplicationProtocol.ToString();
        var peer = client.SslStream.RemoteCertificate?.Subject ?? "none";
        await client.SendAllAsync(System.Text.Encoding.ASCII.GetBytes($"{alpn};{peer};{client.SslStream.SslProtocol}\n"));
    }

    private static SslServerAuthenticationOptions H2Server(bool clientCert = false) => new()
    {
        ServerCertificate = TestCertificates.Localhost,
        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        ClientCertificateRequired = clientCert,
        RemoteCertificateValidationCallback = clientCert ? (_, cert, _, _) => cert is not null : null,
    };

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task ALPN_is_negotiated_and_readable_on_both_sides_with_a_client_certificate(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        string? seenByCallback = null;
        var (line, clientAlpn, protocol) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Greet, H2Server(clientCert: true));
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port, tlsOptions: new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                ClientCertificates = [TestCertificates.Localhost],
                RemoteCertificateValidationCallback = (_, cert, _, _) => { seenByCallback = cert?.Subject; return true; },
            });
            var got = await c.AsStream().ReadLineAsync();
            await st.CancelAsync();
            return (System.Text.Encoding.ASCII.GetString(got), c.SslStream!.NegotiatedApplicationProtocol.ToString(), c.SslStream.SslProtocol);
        });
        Assert.Equal("h2", clientAlpn);
        Assert.Equal($"h2;CN=localhost;{protocol}\n", line);
        Assert.Equal("CN=localhost", seenByCallback);
        Assert.True(protocol is SslProtocols.Tls12 or SslProtocols.Tls13, protocol.ToString());
    }

    [Fact]
    public async Task A_required_client_certificate_that_is_missing_fails_the_handshake()
    {
        var k = NewKernel(virtualTime: false);
        var failed = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Greet, H2Server(clientCert: true));
            var st = Spawn(server.ServeAsync);
            var result = "served";
            try
            {
                await using var c = await Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
                // TLS 1.3 reports the server's refusal at the first read, not in the handshake.
                if ((await c.RecvAsync(100)).Length == 0) result = "closed";
            }
            catch (Exception e) when (e is IOException or AuthenticationException) { result = "refused"; }
            await st.CancelAsync();
            return result;
        });
        Assert.NotEqual("served", failed);
    }

    [Fact]
    public async Task Openssl_s_client_negotiates_h2()
    {
        if (!File.Exists("/usr/bin/openssl")) return;
        var k = NewKernel(virtualTime: false);
        var output = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Greet, H2Server());
            var st = Spawn(server.ServeAsync);
            var psi = new ProcessStartInfo("openssl", $"s_client -connect 127.0.0.1:{server.Port} -alpn h2 -servername localhost")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = await Async.Await(ct => p.StandardOutput.ReadToEndAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct));
            await Async.Await(p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            await st.CancelAsync();
            return stdout;
        });
        Assert.Contains("ALPN protocol: h2", output);
    }

    [Fact]
    public async Task TLS_1_1_is_refused_by_default()
    {
        var k = NewKernel(virtualTime: false);
        var refused = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Greet, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            var r = false;
#pragma warning disable SYSLIB0039 // the old protocol is the point
            try
            {
                await using var c = await Network.OpenConnection("127.0.0.1", server.Port, tlsOptions: new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls11,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                });
            }
#pragma warning restore SYSLIB0039
            catch (Exception e) when (e is IOException or AuthenticationException) { r = true; }
            await st.CancelAsync();
            return r;
        });
        Assert.True(refused);
    }
}
