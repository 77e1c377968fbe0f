using Curio.Actors;
using System.Net;
using Curio.Actors.Net;

namespace HowTo.Recipes;

/// <summary>How do you write a simple TCP server? (the file-like stream interface, as_stream())</summary>
public static class TcpEchoStreamRecipe
{
    static async Task EchoClient(CurioSocket client, EndPoint addr)
    {
        Console.WriteLine($"Connection from {addr}");
        var s = client.AsStream();
        while (true)
        {
            var data = await s.ReadAsync(100000);
            if (data.Length == 0) break;
            await s.WriteAsync(data);
        }
        Console.WriteLine("Connection closed");
    }

    [Recipe("tcp-echo-stream", "tcp_server with client.as_stream(): an echo server on streams [PORT]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var server = await TcpServer.BindAsync(Args.Host, Args.Port(args, 0, 25000), EchoClient);
        Console.WriteLine($"Echo server listening on port {server.Port}");
        await server.ServeAsync();
    });
}
