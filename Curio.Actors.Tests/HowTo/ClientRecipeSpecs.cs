using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Curio.Actors.Tests.HowTo;

/// <summary>The how-to's outgoing connections, pointed at a local server (plain or TLS) instead of www.python.org.</summary>
[Collection("HowTo recipes")]
public class ClientRecipeSpecs
{
    private const string Reply = "HTTP/1.0 301 Moved Permanently\r\nLocation: https://www.python.org/\r\nContent-Length: 0\r\n\r\n";

    // A one-shot HTTP server: reads the request up to the blank line, answers, closes; returns the request.
    private static async Task<string> ServeOnce(TcpListener listener, bool tls)
    {
        using var client = await listener.AcceptTcpClientAsync();
        Stream s = client.GetStream();
        if (tls)
        {
            var ssl = new SslStream(s);
            await ssl.AuthenticateAsServerAsync(TestCertificates.Localhost);
            s = ssl;
        }
        var request = new List<byte>();
        var buf = new byte[1024];
        while (!Encoding.ASCII.GetString(request.ToArray()).EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await s.ReadAsync(buf);
            if (n == 0) break;
            request.AddRange(buf.AsSpan(0, n).ToArray());
        }
        await s.WriteAsync(Encoding.ASCII.GetBytes(Reply));
        await s.DisposeAsync();
        return Encoding.ASCII.GetString(request.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_connection_sends_the_request_and_prints_the_whole_reply(bool tls)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serving = ServeOnce(listener, tls);
            using var recipe = tls
                ? new RecipeProcess("tls-connection", "localhost", port.ToString(), "--insecure")
                : new RecipeProcess("open-connection", "localhost", port.ToString());
            var lines = recipe.WaitSuccess();
            Assert.Equal("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n", await serving.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(Reply.Replace("\r\n", "\n") + "\n", string.Join("\n", lines.Select(l => l.TrimEnd('\r'))) + "\n");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void A_refused_connection_ends_the_client_with_one_line_and_exit_code_1()
    {
        var port = RecipeProcess.FreeTcpPort();
        using var recipe = new RecipeProcess("open-connection", "localhost", port.ToString());
        Assert.Equal(1, recipe.WaitExit());
        Assert.Equal([$"open-connection: ConnectionRefusedError: connection refused: localhost:{port}"], recipe.StderrLines);
    }

    [Fact]
    public async Task Tls_connection_checks_the_certificate_unless_told_not_to()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serving = ServeOnce(listener, tls: true);
            using var recipe = new RecipeProcess("tls-connection", "localhost", port.ToString());
            Assert.Equal(1, recipe.WaitExit());
            var line = Assert.Single(recipe.StderrLines);
            Assert.StartsWith("tls-connection: AuthenticationException: ", line);
            Assert.Contains("UntrustedRoot", line);
            // The server side ends either way (TLS 1.3 may finish its handshake before the client refuses).
            await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.True(serving.IsCompleted);
            _ = serving.Exception; // observed
        }
        finally
        {
            listener.Stop();
        }
    }
}
