using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Curio.Actors.Net;

namespace Curio.Actors.Tests.Net;

/// <summary>A closed connection whose peer never ends its side is reset after curio.net.close-linger.</summary>
public class LingerSpecs : NetSpec
{
    public LingerSpecs() : base(ConfigurationFactory.ParseString("curio.net.close-linger = 1s")) { }

    [Fact]
    public async Task A_closed_connection_whose_peer_never_closes_is_reset_after_the_linger()
    {
        var k = NewKernel(virtualTime: false);
        TcpServer? server = null;
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serving = k.Spawn(async () =>
        {
            server = await TcpServer.BindAsync("127.0.0.1", 0, async (c, _) => await c.SendAllAsync("bye"u8.ToArray()));
            ready.SetResult(server.Port);
            await server.ServeAsync();
        });
        var port = await ready.Task.WaitAsync(Limit);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, port);
        var got = new List<byte>();
        var buf = new byte[16];
        int n;
        while ((n = await client.ReceiveAsync(buf.AsMemory()).AsTask().WaitAsync(Limit)) > 0) got.AddRange(buf.AsSpan(0, n).ToArray());
        Assert.Equal("bye"u8.ToArray(), got.ToArray());

        // The handler has closed (FIN sent) and the client keeps its side open: after a second without taking a byte
        // (the linger runs on the system clock), the server resets the connection and lets it go.
        AwaitCondition(() => server!.OpenConnections == 0, Limit, TimeSpan.FromMilliseconds(20));
        AwaitCondition(() => SeesReset(client), Limit, TimeSpan.FromMilliseconds(20));

        await serving.CancelAsync();
    }

    // After a FIN, Linux's recv keeps returning end of file even once an RST came: only a send reports it.
    private static bool SeesReset(Socket s)
    {
        try
        {
            s.Send(new byte[1]); // taken and dropped by the lingering connection until it is gone
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return true;
        }
    }
}
