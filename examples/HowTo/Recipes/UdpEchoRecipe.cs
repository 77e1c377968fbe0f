using System.Net;
using Curio.Actors;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you write a UDP server?</summary>
public static class UdpEchoRecipe
{
    [Recipe("udp-echo", "UDP echo: recvfrom/sendto on a datagram socket (port 0)")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var sock = new UdpSocket();
        await sock.BindAsync("127.0.0.1", 0);
        var server = Spawn(async () =>
        {
            while (true)
            {
                var (data, addr) = await sock.RecvFromAsync(10000);
                Console.WriteLine($"Received from {addr}: {System.Text.Encoding.UTF8.GetString(data)}");
                await sock.SendToAsync(data, addr);
            }
        });
        await using var client = new UdpSocket();
        await client.SendToAsync("ping"u8.ToArray(), sock.LocalEndPoint!);
        var (reply, _) = await TimeoutAfter(TimeSpan.FromSeconds(5), async () => await client.RecvFromAsync(100));
        Console.WriteLine("Reply: " + System.Text.Encoding.UTF8.GetString(reply));
        await server.CancelAsync();
        await sock.CloseAsync();
    });
}
