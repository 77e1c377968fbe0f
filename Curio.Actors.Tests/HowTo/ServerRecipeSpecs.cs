using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Curio.Actors.Tests.HowTo;

/// <summary>
/// The how-to's servers run as programs: a plain .NET client talks to them on a free port (the port argument
/// overrides the how-to's 25000/26000/10000), then a signal stops them and they exit 0.
/// </summary>
[Collection("HowTo recipes")]
public class ServerRecipeSpecs
{
    private static async Task<byte[]> EchoOver(Stream s, byte[] data)
    {
        var writing = s.WriteAsync(data).AsTask();
        var back = new byte[data.Length];
        await s.ReadExactlyAsync(back).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await writing;
        return back;
    }

    [Theory]
    [InlineData("tcp-echo", RecipeProcess.SIGTERM)]
    [InlineData("tcp-echo-stream", RecipeProcess.SIGINT)]
    public async Task Tcp_echo_servers_echo_every_byte_and_stop_on_a_signal(string recipe, int signal)
    {
        var port = RecipeProcess.FreeTcpPort();
        using var server = new RecipeProcess(recipe, port.ToString());
        server.WaitLine($"Echo server listening on port {port}");
        var data = new byte[300_000];
        new Random(7).NextBytes(data);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            Assert.Equal(data, await EchoOver(client.GetStream(), data));
            Assert.Equal(Encoding.UTF8.GetBytes("hello\n"), await EchoOver(client.GetStream(), Encoding.UTF8.GetBytes("hello\n")));
            var local = (IPEndPoint)client.Client.LocalEndPoint!;
            Assert.Equal($"Connection from 127.0.0.1:{local.Port}", server.WaitLine("Connection from"));
        }
        server.WaitLine("Connection closed");
        server.Signal(signal);
        server.WaitSuccess();
        Assert.Contains(signal == RecipeProcess.SIGINT ? "Stopped by SIGINT" : "Stopped by SIGTERM", server.Output);
    }

    [Fact]
    public void A_busy_port_ends_the_server_with_one_line_on_stderr_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var server = new RecipeProcess("tcp-echo", port.ToString());
        Assert.Equal(1, server.WaitExit());
        Assert.Empty(server.StdoutLines);
        Assert.Equal([$"tcp-echo: AddressInUseError: address already in use: 0.0.0.0:{port}"], server.StderrLines);
    }

    [Fact]
    public async Task Udp_echo_sends_each_datagram_back_and_prints_the_sender()
    {
        var port = RecipeProcess.FreeUdpPort();
        using var server = new RecipeProcess("udp-echo", port.ToString());
        server.WaitLine($"UDP echo server listening on port {port}");
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var me = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        foreach (var word in new[] { "ping", "pong" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(word), new IPEndPoint(IPAddress.Loopback, port));
            var reply = await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(word, Encoding.UTF8.GetString(reply.Buffer));
            Assert.Equal($"Received from 127.0.0.1:{me} {word}", server.WaitLine("Received from"));
        }
        server.Signal(RecipeProcess.SIGTERM);
        server.WaitSuccess();
    }

    [Fact]
    public async Task Tls_server_prints_the_request_lines_and_answers_over_tls()
    {
        var port = RecipeProcess.FreeTcpPort();
        using var server = new RecipeProcess("tls-server", port.ToString());
        server.WaitLine("TLS server listening on port");
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        // The recipe made a self-signed certificate for localhost: the browser would warn, this client accepts it.
        string? subject = null;
        await using var tls = new SslStream(client.GetStream(), false, (_, cert, _, _) => { subject = cert?.Subject; return true; });
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("CN=localhost", subject);
        await tls.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"));
        var reply = new MemoryStream();
        await tls.CopyToAsync(reply).WaitAsync(TimeSpan.FromSeconds(10)); // the server closes after its answer
        var text = Encoding.ASCII.GetString(reply.ToArray());
        Assert.StartsWith("HTTP/1.0 200 OK\r\nContent-type: text/plain\r\n\r\nIf you're seeing this, it probably worked. Yay!\n", text);
        Assert.Matches(@"Yay!\n\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$", text); // time.asctime()
        Assert.Equal("GET / HTTP/1.0", server.WaitLine("GET"));
        Assert.Equal("Host: localhost", server.WaitLine("Host:"));
        server.Signal(RecipeProcess.SIGTERM);
        server.WaitSuccess();
    }
}
