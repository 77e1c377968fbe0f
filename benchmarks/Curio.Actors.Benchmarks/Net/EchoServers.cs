using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Curio.Actors.Net;

namespace Curio.Actors.Benchmarks.Net;

/// <summary>The echo servers the TCP benchmark compares: Curio.Actors (plain, TLS) and plain .NET Socket / SslStream.</summary>
internal static class EchoServers
{
    /// <summary>A self-signed certificate for localhost, made in-process.</summary>
    internal static X509Certificate2 MakeCertificate()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    /// <summary>
    /// Curio.Actors' echo server in its own kernel; returns the port and a stopper. <paramref name="howTo"/> uses the
    /// how-to's handler, <c>RecvAsync(100000)</c> then <c>SendAllAsync</c>, instead of one reused buffer.
    /// </summary>
    internal static async Task<(int Port, Func<Task> Stop)> StartCurioAsync(X509Certificate2? cert, bool howTo = false, string? unixPath = null)
    {
        var system = NewSystem("bench-net");
        // CURIO_NET_PARALLEL=1 measures the kernel in Parallel mode (task actors on Akka's thread pool).
        var mode = Environment.GetEnvironmentVariable("CURIO_NET_PARALLEL") == "1" ? SchedulingMode.Parallel : SchedulingMode.Sequential;
        var kernel = Kernel.Create(system, new KernelOptions { Scheduling = mode });
        var portSource = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = kernel.Spawn(async () =>
        {
            Func<CurioSocket, EndPoint, Task> handler = howTo ? HowToEcho : async (client, _) =>
            {
                var buf = new byte[65536];
                while (true)
                {
                    var n = await client.RecvIntoAsync(buf);
                    if (n == 0) return;
                    await client.SendAllAsync(buf.AsMemory(0, n));
                }
            };
            if (unixPath is not null)
            {
                var unix = await UnixServer.BindAsync(unixPath, handler, cert);
                portSource.SetResult(0);
                await unix.ServeAsync();
                return;
            }
            var server = await TcpServer.BindAsync("127.0.0.1", 0, handler, cert);
            portSource.SetResult(server.Port);
            await server.ServeAsync();
        });
        var port = await portSource.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return (port, async () =>
        {
            await kernel.ShutdownAsync();
            await system.Terminate();
            _ = task;
        });
    }

    private static async Task HowToEcho(CurioSocket client, EndPoint _)
    {
        while (true)
        {
            var data = await client.RecvAsync(100000);
            if (data.Length == 0) return;
            await client.SendAllAsync(data);
        }
    }

    private static ActorSystem NewSystem(string name) =>
        ActorSystem.Create(name, NetConfig.Default.WithFallback(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING")));

    /// <summary>Akka.Streams' own echo (BindAndHandle with an identity flow), with Curio.Actors.Net's Akka.IO settings.</summary>
    internal static async Task<(int Port, Func<Task> Stop)> StartAkkaStreamsAsync()
    {
        var system = NewSystem("bench-akka-echo");
        var binding = await system.TcpStream().BindAndHandle(Flow.Create<ByteString>(), system.Materializer(), "127.0.0.1", 0);
        return (((IPEndPoint)binding.LocalAddress).Port, async () =>
        {
            await binding.Unbind();
            await system.Terminate();
        });
    }

    /// <summary>
    /// A plain .NET Socket async echo server (TLS with SslStream when given a certificate), on 127.0.0.1 or on the Unix
    /// domain socket <paramref name="unixPath"/>.
    /// </summary>
    internal static (int Port, Func<Task> Stop) StartRaw(X509Certificate2? cert, string? unixPath = null)
    {
        var listener = unixPath is null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(unixPath is null ? new IPEndPoint(IPAddress.Loopback, 0) : new UnixDomainSocketEndPoint(unixPath));
        listener.Listen(512);
        var cts = new CancellationTokenSource();
        var clients = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                Socket s;
                try { s = await listener.AcceptAsync(cts.Token); }
                catch { return; }
                if (unixPath is null) s.NoDelay = true;
                lock (clients) clients.Add(s);
                _ = cert is null ? RawEcho(s) : TlsEcho(s, cert);
            }
        });
        return (listener.LocalEndPoint is IPEndPoint ip ? ip.Port : 0, () =>
        {
            cts.Cancel();
            listener.Dispose();
            lock (clients) foreach (var c in clients) c.Dispose();
            return Task.CompletedTask;
        });
    }

    private static async Task RawEcho(Socket s)
    {
        var buf = new byte[65536];
        try
        {
            while (true)
            {
                var n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None);
                if (n == 0) break;
                var sent = 0;
                while (sent < n) sent += await s.SendAsync(buf.AsMemory(sent, n - sent), SocketFlags.None);
            }
        }
        catch (Exception) { }
        finally { s.Dispose(); }
    }

    private static async Task TlsEcho(Socket s, X509Certificate2 cert)
    {
        var buf = new byte[65536];
        try
        {
            await using var ssl = new SslStream(new NetworkStream(s, ownsSocket: true));
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = cert });
            while (true)
            {
                var n = await ssl.ReadAsync(buf);
                if (n == 0) break;
                await ssl.WriteAsync(buf.AsMemory(0, n));
            }
        }
        catch (Exception) { }
    }
}
