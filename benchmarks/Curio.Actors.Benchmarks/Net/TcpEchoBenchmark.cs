using System.Diagnostics;
using System.Globalization;

namespace Curio.Actors.Benchmarks.Net;

/// <summary>
/// TCP and TLS echo servers measured from outside .NET by the C load generator echoload (built with gcc into a temp
/// directory): Curio.Actors' server against a plain .NET Socket (or SslStream) server, in the same run, with the
/// same client, in 3 interleaved rounds (CURIO_NET_ROUNDS) whose medians are reported. Each run warms up 2 s first
/// (CURIO_NET_WARMUP overrides; tiered JIT is still compiling the first seconds), CURIO_NET_CASES picks cases by
/// name, CURIO_BENCH_PIN=1 pins the server to CPU 0 and echoload to CPU 1. The Unix-socket rows run the same cases
/// against Curio.Actors' UnixServer and a plain .NET Unix-socket server, with a .NET client in this process
/// (<see cref="UnixEchoClient"/>: echoload speaks TCP only).
/// </summary>
public sealed class TcpEchoBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "tcp-echo";

    /// <inheritdoc />
    public string Area => "net";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var dir = Path.Combine(Path.GetTempPath(), "curio-echoload");
        var plainClient = Build(dir, tls: false);
        var tlsClient = Build(dir, tls: true);
        var secs = context.Quick ? 1.0 : 3.0;
        var rounds = int.Parse(Environment.GetEnvironmentVariable("CURIO_NET_ROUNDS") ?? (context.Quick ? "1" : "3"), CultureInfo.InvariantCulture);
        var warmup = Environment.GetEnvironmentVariable("CURIO_NET_WARMUP") ?? (context.Quick ? "0.5" : "2");
        var only = Environment.GetEnvironmentVariable("CURIO_NET_CASES");
        var cases = new (string Name, string Args, string Key, string Unit)[]
        {
            ("pingpong 100 B, 1 conn", "-m pingpong -c 1 -s 100", "rt_per_s", "rt/s"),
            ("pingpong 100 B, 50 conns", "-m pingpong -c 50 -s 100", "rt_per_s", "rt/s"),
            ("stream 64 KiB chunks, 1 conn", "-m stream -c 1 -s 65536", "MB_per_s", "MB/s"),
        };
        var pinned = Pin("0");
        var rows = new List<BenchRow>();
        try
        {
            foreach (var tls in new[] { false, true })
            {
                var client = tls ? tlsClient : plainClient;
                if (client is null) continue;
                var cert = tls ? EchoServers.MakeCertificate() : null;
                foreach (var c in cases)
                {
                    if (only is not null && !((tls ? "TLS " : "TCP ") + c.Name).Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
                    var args = $"{c.Args} -d {secs.ToString(CultureInfo.InvariantCulture)} -w {warmup} -q{(tls ? " -S" : "")}";
                    // Rounds interleave the servers (Curio, raw, Akka.Streams, Curio, ...) and each figure is the median
                    // of its rounds: on a 2-core machine one run swings by 20% with whatever else the machine does.
                    var curio = new List<double>();
                    var raw = new List<double>();
                    var akka = new List<double>();
                    var howTo = new List<double>();
                    // Server CPU per round trip: on a shared 2-core machine throughput measures the load as much as the
                    // server, while the CPU the server process spends per round trip barely moves with it.
                    var (curioCpu, rawCpu, akkaCpu) = (new List<double>(), new List<double>(), new List<double>());
                    // The how-to's handler (a fresh array per RecvAsync(100000)), on the case where allocation shows most.
                    var withHowTo = !tls && c.Args.Contains("-c 50", StringComparison.Ordinal);
                    for (var round = 0; round < rounds; round++)
                    {
                        curio.Add(await MeasureAsync(() => EchoServers.StartCurioAsync(cert), client, args, c.Key, pinned, warmup, curioCpu));
                        raw.Add(await MeasureAsync(() => Task.FromResult(EchoServers.StartRaw(cert)), client, args, c.Key, pinned, warmup, rawCpu));
                        // The substrate's own ceiling: Akka.Streams' echo flow with no task, inbox or outbox in between.
                        if (!tls) akka.Add(await MeasureAsync(EchoServers.StartAkkaStreamsAsync, client, args, c.Key, pinned, warmup, akkaCpu));
                        if (withHowTo) howTo.Add(await MeasureAsync(() => EchoServers.StartCurioAsync(null, howTo: true), client, args, c.Key, pinned, warmup, null));
                    }
                    var baseline = tls ? "SslStream server" : ".NET Socket server";
                    rows.Add(new BenchRow((tls ? "TLS " : "TCP ") + c.Name, c.Unit, Measure.Median(curio), Measure.Median(raw), baseline));
                    if (!tls) rows.Add(new BenchRow("TCP " + c.Name + ": plain Akka.Streams echo", c.Unit, Measure.Median(akka), Measure.Median(raw), baseline));
                    if (withHowTo) rows.Add(new BenchRow("TCP " + c.Name + ": how-to handler, RecvAsync(100000)", c.Unit, Measure.Median(howTo), Measure.Median(raw), baseline));
                    if (c.Key == "rt_per_s")
                    {
                        var name = (tls ? "TLS " : "TCP ") + c.Name;
                        rows.Add(new BenchRow(name + ": server CPU per round trip", "us", Measure.Median(curioCpu), Measure.Median(rawCpu), baseline, HigherIsBetter: false));
                        if (!tls) rows.Add(new BenchRow(name + ": server CPU per round trip, plain Akka.Streams echo", "us", Measure.Median(akkaCpu), Measure.Median(rawCpu), baseline, HigherIsBetter: false));
                    }
                }
            }
            rows.AddRange(await UnixRowsAsync(secs, double.Parse(warmup, CultureInfo.InvariantCulture), rounds, only));
        }
        finally
        {
            if (pinned) Pin("0-" + (Environment.ProcessorCount - 1));
        }
        return rows;
    }

    private static async Task<IEnumerable<BenchRow>> UnixRowsAsync(double secs, double warmup, int rounds, string? only)
    {
        var cases = new (string Name, int Conns, int Size, bool Stream, string Unit)[]
        {
            ("pingpong 100 B, 1 conn", 1, 100, false, "rt/s"),
            ("pingpong 100 B, 50 conns", 50, 100, false, "rt/s"),
            ("stream 64 KiB chunks, 1 conn", 1, 65536, true, "MB/s"),
        };
        var rows = new List<BenchRow>();
        var n = 0;
        foreach (var c in cases)
        {
            var name = "Unix " + c.Name;
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
            var curio = new List<double>();
            var raw = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (list, start) in new (List<double>, Func<string, Task<Func<Task>>>)[]
                {
                    (curio, async path => (await EchoServers.StartCurioAsync(null, unixPath: path)).Stop),
                    (raw, path => Task.FromResult(EchoServers.StartRaw(null, path).Stop)),
                })
                {
                    var path = Path.Combine(Path.GetTempPath(), $"curio-bench-{Environment.ProcessId}-{n++}.sock");
                    var stop = await start(path);
                    try
                    {
                        list.Add(c.Stream
                            ? await UnixEchoClient.StreamAsync(path, c.Size, warmup, secs)
                            : await UnixEchoClient.PingPongAsync(path, c.Conns, c.Size, warmup, secs));
                    }
                    finally
                    {
                        await stop();
                        File.Delete(path);
                    }
                }
            }
            rows.Add(new BenchRow(name + " (client in-process)", c.Unit, Measure.Median(curio), Measure.Median(raw), ".NET Socket Unix server"));
        }
        return rows;
    }

    private static async Task<double> MeasureAsync(Func<Task<(int Port, Func<Task> Stop)>> start, string client, string args, string key,
        bool pinned, string warmup, List<double>? cpuPerOp)
    {
        var (port, stop) = await start();
        try
        {
            // This process's CPU from the end of the client's warm-up to its end, per counted operation.
            using var me = Process.GetCurrentProcess();
            var run = Task.Run(() => RunClient(client, port, args, key, pinned));
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(double.Parse(warmup, CultureInfo.InvariantCulture))));
            me.Refresh();
            var cpu0 = me.TotalProcessorTime;
            var (value, ops) = await run;
            me.Refresh();
            if (cpuPerOp is not null && ops > 0) cpuPerOp.Add((me.TotalProcessorTime - cpu0).TotalMicroseconds / ops);
            return value;
        }
        finally { await stop(); }
    }

    private static string? Build(string dir, bool tls)
    {
        Directory.CreateDirectory(dir);
        var exe = Path.Combine(dir, tls ? "echoload-tls" : "echoload");
        if (File.Exists(exe)) return exe;
        var src = "/work/shared/bench/echoload.c";
        var args = tls ? $"-O2 -DECHOLOAD_TLS -o {exe} {src} -lssl -lcrypto" : $"-O2 -o {exe} {src}";
        var (code, output) = Exec("gcc", args);
        if (code != 0)
        {
            Console.Error.WriteLine($"cannot build {exe} (TLS needs libssl-dev): {output}");
            return null;
        }
        return exe;
    }

    private static bool Pin(string cpus)
    {
        // Off unless asked for: on a loaded machine a server squeezed onto one core measures the load, not the server.
        if (Environment.GetEnvironmentVariable("CURIO_BENCH_PIN") != "1") return false;
        if (Environment.ProcessorCount < 2 || !File.Exists("/usr/bin/taskset")) return false;
        return Exec("taskset", $"-a -cp {cpus} {Environment.ProcessId}").Code == 0;
    }

    private static (double Value, double Ops) RunClient(string exe, int port, string args, string key, bool pinned)
    {
        var (file, all) = pinned ? ("taskset", $"-c 1 {exe} -p {port} {args}") : (exe, $"-p {port} {args}");
        var (code, output) = Exec(file, all);
        if (Environment.GetEnvironmentVariable("CURIO_NET_VERBOSE") == "1") Console.WriteLine($"{file} {all}\n{output}");
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"echoload gave no RESULT line (exit {code}): {output}");
        double? value = null, ops = null;
        foreach (var kv in line.Split(' '))
        {
            var eq = kv.IndexOf('=');
            if (eq <= 0) continue;
            if (kv[..eq] == key) value = double.Parse(kv[(eq + 1)..], CultureInfo.InvariantCulture);
            if (kv[..eq] == "ops") ops = double.Parse(kv[(eq + 1)..], CultureInfo.InvariantCulture);
        }
        return (value ?? throw new InvalidOperationException($"no {key} in {line}"), ops ?? 0);
    }

    private static (int Code, string Output) Exec(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill();
            throw new TimeoutException($"{file} {args} did not finish");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
