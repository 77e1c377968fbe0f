using System.Net;
using Curio.Actors;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you write a simple TCP server (and talk to it)?</summary>
public static class TcpEchoRecipe
{
    static async Task EchoClient(CurioSocket client, EndPoint addr)
    {
        Console.WriteLine($"Connection from {addr}");
        await using var s = client.AsStream();
        await foreach (var line in s) await s.WriteAsync(line);
        Console.WriteLine("Connection closed");
    }

    [Recipe("tcp-echo", "tcp_server + open_connection: a line echo server and a client (port 0)")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var server = await TcpServer.BindAsync("127.0.0.1", 0, EchoClient);
        var serving = Spawn(server.ServeAsync);
        await using (var sock = await Network.OpenConnection("127.0.0.1", server.Port))
        {
            var stream = sock.AsStream();
            foreach (var msg in new[] { "hello\n", "world\n" })
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(msg));
                Console.Write("Got back: " + System.Text.Encoding.UTF8.GetString(await stream.ReadLineAsync()));
            }
        }
        await serving.CancelAsync();
    });
}
