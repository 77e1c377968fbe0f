using Curio.Actors;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Curio.Actors.Net;

namespace HowTo.Recipes;

/// <summary>How do you write an SSL-enabled server?</summary>
public static class TlsServerRecipe
{
    static async Task Handler(CurioSocket client, EndPoint addr)
    {
        var clientF = client.AsStream();

        // Read the HTTP request
        await foreach (var raw in clientF)
        {
            var line = Encoding.Latin1.GetString(raw).Trim();
            if (line.Length == 0) break;
            Console.WriteLine(line);
        }

        // Send a response
        await clientF.WriteAsync(Encoding.ASCII.GetBytes(
            "HTTP/1.0 200 OK\r\n" +
            "Content-type: text/plain\r\n" +
            "\r\n" +
            "If you're seeing this, it probably worked. Yay!\n"));
        await clientF.WriteAsync(Encoding.ASCII.GetBytes(AscTime(DateTime.Now)));
        await client.CloseAsync();
    }

    // time.asctime(): "Sun Nov 29 13:12:03 2026"
    static string AscTime(DateTime t) =>
        t.ToString("ddd MMM ", CultureInfo.InvariantCulture) + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + t.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    // KEYFILE / CERTFILE, or a self-signed certificate for localhost made here.
    static X509Certificate2 LoadCertificate(string[] args)
    {
        if (Args.Option(args, "--cert") is { } certFile)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, Args.Option(args, "--key"));
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), null); // SslStream on Linux needs a persisted key
        }
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Console.Error.WriteLine("Using a self-signed certificate for localhost (pass --cert CERTFILE --key KEYFILE for your own)");
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    [Recipe("tls-server", "tcp_server('', 10000, handler, ssl=context): an HTTPS server [PORT] [--cert CERTFILE --key KEYFILE]")]
    public static Task Run(string[] args)
    {
        var certificate = LoadCertificate(args);
        return Kernel.RunAsync(async () =>
        {
            var server = await TcpServer.BindAsync(Args.Host, Args.Port(args, 0, 10000), Handler, certificate);
            Console.WriteLine($"TLS server listening on port {server.Port}: try https://localhost:{server.Port}");
            await server.ServeAsync();
        });
    }
}
