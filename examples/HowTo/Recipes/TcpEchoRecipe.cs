using Curio.Actors;
using System.Net;
using Curio.Actors.Net;

namespace HowTo.Recipes;

/// <summary>How do you write a simple TCP server? (sockets directly)</summary>
public static class TcpEchoRecipe
{
    static async Task EchoClient(CurioSocket client, EndPoint addr)
    {
        Console.WriteLine($"Connection from {addr}");
        while (true)
        {
            var data = await client.RecvAsync(100000);
            if (data.Length == 0) break;
            await client.SendAllAsync(data);
        }
        Console.WriteLine("Connection closed");
    }

    [Recipe("tcp-echo", "tcp_server('', 25000, echo_client): an echo server on sockets [PORT]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var server = await TcpServer.BindAsync(Args.Host, Args.Port(args, 0, 25000), EchoClient);
        Console.WriteLine($"Echo server listening on port {server.Port}");
        await server.ServeAsync();
    });
}
