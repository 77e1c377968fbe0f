using System.Text;
using Curio.Actors;
using Curio.Actors.Net;

namespace HowTo.Recipes;

/// <summary>How do you make an outgoing connection?</summary>
public static class OpenConnectionRecipe
{
    [Recipe("open-connection", "open_connection(host, 80): send an HTTP GET, print the reply [HOST PORT]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var host = Args.At(args, 0, "www.python.org");
        var port = Args.Port(args, 1, 80);
        var chunks = new List<byte>();
        await using (var sock = await Network.OpenConnection(host, port))
        {
            await sock.SendAllAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {host}\r\n\r\n"));
            while (true)
            {
                var chunk = await sock.RecvAsync(10000);
                if (chunk.Length == 0) break;
                chunks.AddRange(chunk);
            }
        }
        Console.WriteLine(Encoding.Latin1.GetString(chunks.ToArray()));
    });
}
