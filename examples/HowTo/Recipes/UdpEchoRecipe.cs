using Curio.Actors;
using System.Text;
using Curio.Actors.Net;

namespace HowTo.Recipes;

/// <summary>How do you write a UDP server?</summary>
public static class UdpEchoRecipe
{
    static async Task UdpEcho(string host, int port)
    {
        await using var sock = new UdpSocket();
        await sock.BindAsync(host, port);
        Console.WriteLine($"UDP echo server listening on port {((System.Net.IPEndPoint)sock.LocalEndPoint!).Port}");
        while (true)
        {
            var (data, addr) = await sock.RecvFromAsync(10000);
            Console.WriteLine($"Received from {addr} {Encoding.UTF8.GetString(data)}");
            await sock.SendToAsync(data, addr);
        }
    }

    [Recipe("udp-echo", "a UDP echo server: recvfrom/sendto on ('', 26000) [PORT]")]
    public static Task Run(string[] args) => Kernel.RunAsync(() => UdpEcho("", Args.Port(args, 0, 26000)));
}
