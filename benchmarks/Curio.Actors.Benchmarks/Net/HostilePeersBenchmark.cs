using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Curio.Actors.Net;

namespace Curio.Actors.Benchmarks.Net;

/// <summary>
/// Bounded loopback attacks on a TcpServer: 200 clients that stall their TLS handshake after a ClientHello, and 500
/// plain connections that send nothing. The library row is a server with limits (2 s handshake and idle timeouts),
/// the baseline the same server with them off, as before issue 13. Both count the handlers still running and the
/// process's RSS 4 s after the attack began (2 s past the deadlines); the attackers stay connected. Each attack runs
/// in a fresh process (this program again), so that one run's heap does not hide the next one's.
/// </summary>
public sealed class HostilePeersBenchmark : IBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public string Name => "hostile-peers";

    /// <inheritdoc />
    public string Area => "net";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        if (Environment.GetEnvironmentVariable(ChildVariable) is { } child)
        {
            var parts = child.Split(',');
            var cert = parts[2] == "tls" ? EchoServers.MakeCertificate() : null;
            var r = await AttackAsync(int.Parse(parts[0]), cert, limits: parts[1] == "limits");
            Console.WriteLine(FormattableString.Invariant($"RESULT {r.Handlers} {r.Peak} {r.PeakRssMb} {r.RssGrowthMb} {r.HeapMb}"));
            return [];
        }
        var rows = new List<BenchRow>();
        foreach (var (what, count, tls) in new[] { ("stalled TLS handshakes", context.Scale(200), true), ("idle connections", context.Scale(500), false) })
        {
            var limited = await InChildAsync(count, "limits", tls);
            var open = await InChildAsync(count, "open", tls);
            rows.Add(new BenchRow($"{count} {what}: handlers left at 4 s", "handlers", limited.Handlers, open.Handlers, "no limits", HigherIsBetter: false));
            rows.Add(new BenchRow($"{count} {what}: peak handlers", "handlers", limited.Peak, open.Peak, "no limits", HigherIsBetter: false));
            rows.Add(new BenchRow($"{count} {what}: RSS above start, all connected", "MB", limited.PeakRssMb, open.PeakRssMb, "no limits", HigherIsBetter: false));
            rows.Add(new BenchRow($"{count} {what}: RSS above start at 4 s", "MB", limited.RssGrowthMb, open.RssGrowthMb, "no limits", HigherIsBetter: false));
            rows.Add(new BenchRow($"{count} {what}: live managed heap above start at 4 s", "MB", limited.HeapMb, open.HeapMb, "no limits", HigherIsBetter: false));
        }
        return rows;
    }

    private const string ChildVariable = "CURIO_HOSTILE_ATTACK";

    private static async Task<(double Handlers, double Peak, double PeakRssMb, double RssGrowthMb, double HeapMb)> InChildAsync(int count, string limits, bool tls)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(HostilePeersBenchmark).Assembly.Location);
        psi.ArgumentList.Add("hostile-peers");
        psi.Environment[ChildVariable] = $"{count},{limits},{(tls ? "tls" : "plain")}";
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The attack process printed no result:\n" + output);
        var f = line[7..].Split(' ').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (f[0], f[1], f[2], f[3], f[4]);
    }

    // Until every attacker has its handler (bounded by the deadline: with limits they start to go at 2 s).
    private static void AwaitCount(TcpServer srv, int count)
    {
        var sw = Stopwatch.StartNew();
        while (srv.ActiveHandlers < count && sw.Elapsed < Deadline / 2) Thread.Sleep(10);
    }

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    private static async Task<(double Handlers, double Peak, double PeakRssMb, double RssGrowthMb, double HeapMb)> AttackAsync(int count, System.Security.Cryptography.X509Certificates.X509Certificate2? cert, bool limits)
    {
        var system = ActorSystem.Create("bench-hostile", NetConfig.Default.WithFallback(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        var kernel = Kernel.Create(system);
        var options = limits
            ? new TcpServerOptions { HandshakeTimeout = Deadline, IdleTimeout = Deadline, Backlog = 1000 }
            : new TcpServerOptions { HandshakeTimeout = Timeout.InfiniteTimeSpan, IdleTimeout = Timeout.InfiniteTimeSpan, Backlog = 1000 };
        var bound = new TaskCompletionSource<TcpServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        kernel.Spawn(async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (c, _) => { while ((await c.RecvAsync(1000)).Length > 0) { } }, cert, options: options);
            bound.SetResult(server);
            await server.ServeAsync();
        });
        var srv = await bound.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var before = Rss();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clients = new List<Socket>();
        var started = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(s);
                await s.ConnectAsync(IPAddress.Loopback, srv.Port).WaitAsync(TimeSpan.FromSeconds(10));
                // The start of a ClientHello (a handshake record header and part of its body), then nothing.
                if (cert is not null) await s.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03 }.Concat(new byte[29]).ToArray());
            }
            AwaitCount(srv, count);
            var peakRss = (Rss() - before) / 1048576.0;
            var peak = 0;
            while (started.Elapsed < TimeSpan.FromSeconds(4))
            {
                peak = Math.Max(peak, srv.ActiveHandlers);
                await Task.Delay(50);
            }
            return (srv.ActiveHandlers, peak, peakRss, (Rss() - before) / 1048576.0, (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1048576.0);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
            await kernel.ShutdownAsync();
            await system.Terminate();
        }
    }
}
