using System.Diagnostics;
using Akka.Actor;
using Curio.Actors.Remote;
using Curio.Actors.Remote.TestPeer;

namespace Curio.Actors.Benchmarks.Remote;

/// <summary>
/// Channel between two processes against plain Akka.Remote actors with a hand-written serializer (the same peer
/// program hosts both): one-way small messages per second, round trips per second, and Channel start-up times.
/// </summary>
public sealed class ChannelBenchmark : IBenchmark
{
    private const string Key = "bench-key";

    /// <inheritdoc />
    public string Name => "channel";

    /// <inheritdoc />
    public string Area => "remote";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var oneWayN = context.Scale(1_000_000);
        var rttN = context.Scale(20_000);
        var rows = new List<BenchRow>();

        // Channel
        var sw = Stopwatch.StartNew();
        using var peer = new Peer("echo", "0", Key);
        var port = peer.WaitPort();
        var peerStart = sw.Elapsed;
        double chOneWay = 0, chRtt = 0, chP50 = 0;
        TimeSpan firstConnect = default;
        await Kernel.RunAsync(async () =>
        {
            var ch = new Channel("127.0.0.1", port);
            var t = Stopwatch.StartNew();
            var probe = await ch.ConnectAsync(Key);
            firstConnect = t.Elapsed;
            await probe.SendBytesAsync(new byte[] { 1 });
            await probe.CloseAsync();
            (chOneWay, chRtt, chP50) = await ChannelRates(() => ch.ConnectAsync(Key), peer, oneWayN, rttN);
            await ch.CloseAsync();
        });

        // Plain Akka.Remote with a hand-written serializer
        using var akkaPeer = new Peer("akka", "0");
        var akkaPort = akkaPeer.WaitPort();
        var system = RawAkka.CreateSystem(0);
        double akOneWay, akRtt, akP50;
        try
        {
            var root = $"akka.tcp://bench@127.0.0.1:{akkaPort}/user/";
            var sink = await system.ActorSelection(root + "sink").ResolveOne(TimeSpan.FromSeconds(10));
            var echo = await system.ActorSelection(root + "echo").ResolveOne(TimeSpan.FromSeconds(10));
            var rates = new List<double>();
            for (var rep = 0; rep < 4; rep++)
            {
                var s = Stopwatch.StartNew();
                for (var i = 0; i < oneWayN; i++) sink.Tell(new BenchMsg(i));
                var count = await sink.Ask<BenchMsg>(new BenchMsg(-1), TimeSpan.FromSeconds(120));
                if (count.Seq != oneWayN) throw new InvalidOperationException($"Akka sink got {count.Seq}, expected {oneWayN}");
                if (rep > 0) rates.Add(oneWayN / s.Elapsed.TotalSeconds);
            }
            akOneWay = Measure.Median(rates);
            rates.Clear();
            var akLatencies = new List<double>();
            for (var rep = 0; rep < 4; rep++)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var s = Stopwatch.StartNew();
                var latencies = new double[rttN];
                system.ActorOf(Props.Create(() => new Pinger(echo, latencies, done)));
                await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
                if (rep > 0)
                {
                    rates.Add(rttN / s.Elapsed.TotalSeconds);
                    akLatencies.AddRange(latencies);
                }
            }
            akRtt = Measure.Median(rates);
            akP50 = Measure.Percentile(akLatencies, 50);
        }
        finally
        {
            await system.Terminate();
        }

        rows.Add(new BenchRow("one-way small msgs (int), 2 processes", "msg/s", chOneWay, akOneWay, "raw Akka.Remote + own serializer"));
        rows.Add(new BenchRow("round trips (8 B), 2 processes", "rt/s", chRtt, akRtt, "raw Akka.Remote actor ping-pong") { PythonCurio = 10_000 });
        rows.Add(new BenchRow("round trip p50 (8 B), 2 processes", "us", chP50, akP50, "raw Akka.Remote actor ping-pong", HigherIsBetter: false) { PythonCurio = 93 });
        rows.Add(new BenchRow("start-up: peer process start to bound Channel", "ms", peerStart.TotalMilliseconds, double.NaN, "-", HigherIsBetter: false));
        rows.Add(new BenchRow("start-up: first ConnectAsync in a process", "ms", firstConnect.TotalMilliseconds, double.NaN, "-", HigherIsBetter: false));
        return rows;
    }

    /// <summary>
    /// One-way messages/s into the peer's sink and round trips/s through its echo, medians of 3 after a warm-up, and
    /// the median round trip in microseconds over those 3.
    /// </summary>
    internal static async Task<(double OneWay, double RoundTrips, double P50)> ChannelRates(Func<Task<ChannelConnection>> connect, Peer peer, int oneWayN, int rttN)
    {
        var rates = new List<double>();
        for (var rep = 0; rep < 4; rep++)
        {
            var c = await connect();
            await c.SendBytesAsync(new[] { (byte)'S' });
            var s = Stopwatch.StartNew();
            for (var i = 0; i < oneWayN; i++) await c.SendAsync(i);
            await c.CloseAsync();
            var got = await Async.Await(Task.Run(() => peer.WaitLine("SINK ")));
            if (got != $"SINK {oneWayN}") throw new InvalidOperationException($"Channel sink got '{got}', expected {oneWayN}");
            if (rep > 0) rates.Add(oneWayN / s.Elapsed.TotalSeconds);
        }
        var oneWay = Measure.Median(rates);
        rates.Clear();
        var e = await connect();
        var ping = new byte[8];
        await e.SendBytesAsync(ping); // the peer takes the first message as its mode marker (echo)
        var latencies = new List<double>();
        for (var rep = 0; rep < 4; rep++)
        {
            var s = Stopwatch.StartNew();
            for (var i = 0; i < rttN; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await e.SendBytesAsync(ping);
                await e.RecvBytesAsync();
                if (rep > 0) latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
            if (rep > 0) rates.Add(rttN / s.Elapsed.TotalSeconds);
        }
        await e.CloseAsync();
        return (oneWay, Measure.Median(rates), Measure.Percentile(latencies, 50));
    }

    private sealed class Pinger : ReceiveActor
    {
        public Pinger(IActorRef echo, double[] latencies, TaskCompletionSource done)
        {
            var i = 0;
            var sent = Stopwatch.GetTimestamp();
            echo.Tell(new BenchMsg(0));
            Receive<BenchMsg>(m =>
            {
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
                if (++i == latencies.Length)
                {
                    done.TrySetResult();
                    Context.Stop(Self);
                }
                else
                {
                    sent = Stopwatch.GetTimestamp();
                    echo.Tell(new BenchMsg(m.Seq + 1));
                }
            });
        }
    }

    /// <summary>The TestPeer program in a child process, killed on dispose.</summary>
    internal sealed class Peer : IDisposable
    {
        private readonly Process _p;
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = new();

        public Peer(params string[] args)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Curio.Actors.Remote.TestPeer.dll");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            foreach (var a in args) psi.ArgumentList.Add(a);
            _p = Process.Start(psi)!;
            _p.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Add(e.Data); };
            _p.BeginOutputReadLine();
        }

        public string WaitLine(string prefix)
        {
            while (true)
            {
                if (!_lines.TryTake(out var l, TimeSpan.FromSeconds(120))) throw new TimeoutException("peer: no " + prefix);
                if (l.StartsWith(prefix, StringComparison.Ordinal)) return l;
            }
        }

        public int WaitPort() => int.Parse(WaitLine("PORT ").Substring(5));

        public void Dispose()
        {
            try { _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _p.WaitForExit(5000);
            _p.Dispose();
        }
    }
}
