using System.Text;
using Curio.Actors;
using Curio.Actors.Net;

namespace HowTo.Recipes;

/// <summary>How do you make an outgoing connection? (with SSL applied to it)</summary>
public static class TlsConnectionRecipe
{
    [Recipe("tls-connection", "open_connection(host, 443, ssl=True, server_hostname=host) [HOST PORT] [--insecure]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var host = Args.At(args, 0, "www.python.org");
        var port = Args.Port(args, 1, 443);
        var insecure = Args.Flag(args, "--insecure"); // skip the certificate check: only for a self-signed test server
        var chunks = new List<byte>();
        await using (var sock = await Network.OpenConnection(host, port, ssl: true, serverHostname: host, skipCertificateValidation: insecure))
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
