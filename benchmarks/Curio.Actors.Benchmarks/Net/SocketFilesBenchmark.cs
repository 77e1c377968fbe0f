using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Curio.Actors.Net;

namespace Curio.Actors.Benchmarks.Net;

/// <summary>
/// Bulk sends through the socket API's file calls: <c>SendFileAsync</c> of a temporary file against .NET's
/// <c>Socket.SendFileAsync</c> (Linux sendfile), and writes through <c>Blocking()</c> from a thread against
/// <c>NetworkStream.Write</c>. The receiver is the same plain .NET socket that drains to end of file; each figure is
/// the median of 3 interleaved rounds.
/// </summary>
public sealed class SocketFilesBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "sendfile";

    /// <inheritdoc />
    public string Area => "net";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var size = context.Quick ? 16 << 20 : 128 << 20;
        var path = Path.GetTempFileName();
        var data = new byte[size];
        new Random(1).NextBytes(data);
        await File.WriteAllBytesAsync(path, data);
        var system = Akka.Actor.ActorSystem.Create("bench-files", NetConfig.Default.WithFallback(
            Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING")));
        var kernel = Kernel.Create(system, new KernelOptions());
        try
        {
            var lib = new List<double>();
            var raw = new List<double>();
            var libBlocking = new List<double>();
            var rawStream = new List<double>();
            var libMemory = new List<double>();
            for (var round = 0; round < (context.Quick ? 1 : 4); round++)
            {
                // Round 0 warms up (JIT, pools, the file in the page cache) and is not counted.
                var a = await Drained(size, port => Curio(kernel, port, s => s.SendFileAsync(path).AsTask()));
                var b = await Drained(size, port => Plain(port, s => s.SendFileAsync(path).AsTask()));
                var c = await Drained(size, port => Curio(kernel, port, s => Async.RunInThread(() =>
                {
                    using var blocking = s.Blocking();
                    for (var at = 0; at < size; at += 65536) blocking.Write(data, at, Math.Min(65536, size - at));
                }).AsTask()));
                var d = await Drained(size, port => Plain(port, s =>
                {
                    using var ns = new NetworkStream(s, ownsSocket: false);
                    for (var at = 0; at < size; at += 65536) ns.Write(data, at, Math.Min(65536, size - at));
                    return Task.CompletedTask;
                }));
                // The same bytes from memory through SendAllAsync: what the file reads add to SendFileAsync.
                var e = await Drained(size, port => Curio(kernel, port, async s =>
                {
                    for (var at = 0; at < size; at += 256 << 10) await s.SendAllAsync(data.AsMemory(at, Math.Min(256 << 10, size - at)));
                }));
                if (round == 0 && !context.Quick) continue;
                libMemory.Add(e);
                lib.Add(a);
                raw.Add(b);
                libBlocking.Add(c);
                rawStream.Add(d);
            }
            return
            [
                new BenchRow($"SendFileAsync, {size >> 20} MiB file", "MB/s", Measure.Median(lib), Measure.Median(raw), ".NET Socket.SendFileAsync (sendfile)"),
                new BenchRow("SendAllAsync of the same bytes from memory, 256 KiB calls", "MB/s", Measure.Median(libMemory), Measure.Median(raw), ".NET Socket.SendFileAsync (sendfile)"),
                new BenchRow("Blocking() stream writes of 64 KiB, from a thread", "MB/s", Measure.Median(libBlocking), Measure.Median(rawStream), ".NET NetworkStream.Write"),
            ];
        }
        finally
        {
            await kernel.ShutdownAsync();
            await system.Terminate();
            File.Delete(path);
        }
    }

    // A plain receiver that drains to end of file; returns the sender's MB/s (from connect to the last byte read).
    private static async Task<double> Drained(int size, Func<int, Task> send)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var sw = Stopwatch.StartNew();
        var sending = Task.Run(() => send(port)); // a sender that writes synchronously must not hold up the drain
        using var peer = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var buf = new byte[1 << 20];
        long got = 0;
        int n;
        while ((n = await peer.ReceiveAsync(buf.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(60))) > 0) got += n;
        sw.Stop();
        await sending.WaitAsync(TimeSpan.FromSeconds(60));
        if (got != size) throw new InvalidOperationException($"received {got} of {size} bytes");
        return size / 1e6 / sw.Elapsed.TotalSeconds;
    }

    private static async Task Curio(Kernel kernel, int port, Func<CurioSocket, Task> send)
    {
        var t = kernel.Spawn(async () =>
        {
            await using var s = await Network.OpenConnection("127.0.0.1", port);
            await send(s);
        });
        await t.Completion.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task Plain(int port, Func<Socket, Task> send)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, port);
        await send(s);
        s.Shutdown(SocketShutdown.Send);
    }
}
