using System.Diagnostics;
using Akka.Actor;
using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Core;

/// <summary>Runs a body as the main task of a fresh kernel (one embedded ActorSystem per measurement).</summary>
internal static class K
{
    public static Task<T> Run<T>(Func<Task<T>> main, SchedulingMode mode = SchedulingMode.Sequential) =>
        Curio.Actors.Kernel.RunAsync(main, new KernelOptions { Scheduling = mode });
}

/// <summary>Spawn and join of trivial tasks against Task.Run.</summary>
public sealed class SpawnJoinBenchmark : IBenchmark
{
    public string Name => "spawn-join";
    public string Area => "kernel";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Scale(100_000);
        static async Task<int> Trivial() { await Task.Yield(); return 42; }
        var rows = new List<BenchRow>();
        var tpl = await Measure.RateAsync(n, async () =>
        {
            var ts = new Task<int>[n];
            for (var i = 0; i < n; i++) ts[i] = Task.Run(Trivial);
            foreach (var t in ts) await t;
        });
        var rawAkka = await RawAkka.SpawnReplyRateAsync(n);
        rows.Add(new BenchRow($"raw Akka: one new actor per job, {n:N0} at once", "jobs/s", rawAkka, tpl, "await Task.Run"));
        foreach (var mode in new[] { SchedulingMode.Sequential, SchedulingMode.Parallel })
        {
            var rates = new List<double>();
            var cold = 0.0;
            await K.Run(async () =>
            {
                for (var rep = 0; rep < 4; rep++)
                {
                    var sw = Stopwatch.StartNew();
                    var ts = new CurioTask<int>[n];
                    for (var i = 0; i < n; i++) ts[i] = Spawn(Trivial);
                    foreach (var t in ts) await t.JoinAsync();
                    if (rep > 0) rates.Add(n / sw.Elapsed.TotalSeconds);
                    else cold = n / sw.Elapsed.TotalSeconds;
                }
                return 0;
            }, mode);
            // Later rounds find the actors of the first in the kernel's idle pool; the first creates one per task.
            rows.Add(new BenchRow($"spawn+join {n:N0} tasks ({mode})", "tasks/s", Measure.Median(rates), tpl, "await Task.Run") { PythonCurio = 84_000 });
            rows.Add(new BenchRow($"spawn+join {n:N0} tasks, first round ({mode})", "tasks/s", cold, rawAkka, "raw Akka, new actors") { PythonCurio = 84_000 });

            // The same work in waves of 1,000: ended tasks hand their actors to the next wave.
            var waveRates = new List<double>();
            await K.Run(async () =>
            {
                for (var rep = 0; rep < 4; rep++)
                {
                    var sw = Stopwatch.StartNew();
                    var ts = new CurioTask<int>[1000];
                    for (var done = 0; done < n; done += ts.Length)
                    {
                        for (var i = 0; i < ts.Length; i++) ts[i] = Spawn(Trivial);
                        foreach (var t in ts) await t.JoinAsync();
                    }
                    if (rep > 0) waveRates.Add(n / sw.Elapsed.TotalSeconds);
                }
                return 0;
            }, mode);
            rows.Add(new BenchRow($"spawn+join {n:N0} tasks in waves of 1,000 ({mode})", "tasks/s", Measure.Median(waveRates), tpl, "await Task.Run"));
        }
        return rows;
    }
}

/// <summary>Sleep(0) switches between two tasks against Task.Yield between two TPL tasks.</summary>
public sealed class SwitchBenchmark : IBenchmark
{
    public string Name => "sleep0-switch";
    public string Area => "kernel";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Scale(200_000);
        var lib = await K.Run(async () =>
        {
            var rates = new List<double>();
            for (var rep = 0; rep < 4; rep++)
            {
                var sw = Stopwatch.StartNew();
                async Task Spin() { for (var i = 0; i < n; i++) await Sleep(TimeSpan.Zero); }
                var a = Spawn(Spin);
                var b = Spawn(Spin);
                await a.JoinAsync();
                await b.JoinAsync();
                if (rep > 0) rates.Add(2.0 * n / sw.Elapsed.TotalSeconds);
            }
            return Measure.Median(rates);
        });
        var tpl = await Measure.RateAsync(2 * n, async () =>
        {
            async Task Spin() { for (var i = 0; i < n; i++) await Task.Yield(); }
            await Task.WhenAll(Task.Run(Spin), Task.Run(Spin));
        }, reps: 3);
        return [new BenchRow("switches between 2 tasks", "switch/s", lib, tpl, "Task.Yield on 2 TPL tasks")];
    }
}

/// <summary>TimeoutAfter around a trivial call against a CancellationTokenSource with a timeout.</summary>
public sealed class TimeoutOverheadBenchmark : IBenchmark
{
    public string Name => "timeout-after";
    public string Area => "kernel";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Scale(200_000);
        static Task<int> Trivial() => Task.FromResult(1);
        static Task<int> TrivialCt(CancellationToken ct) => Task.FromResult(ct.CanBeCanceled ? 1 : 0);
        // Both sides in steady state: the library's methods reach the JIT's optimized tier as CoreLib's already are.
        var warmup = TimeSpan.FromSeconds(ctx.Quick ? 0.1 : 1);
        var lib = await K.Run(() => Measure.SteadyRateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++) await TimeoutAfter(TimeSpan.FromSeconds(5), Trivial);
        }, warmup, reps: 3));
        var tpl = await Measure.SteadyRateAsync(n, async () =>
        {
            for (var i = 0; i < n; i++)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await TrivialCt(cts.Token);
            }
        }, warmup, reps: 3);
        return [new BenchRow("timeout block around a trivial call", "calls/s", lib, tpl, "CancellationTokenSource(timeout)") { PythonCurio = 206_000 }];
    }
}

/// <summary>Latency from a cancel request to the exception inside the cancelled task.</summary>
public sealed class CancelLatencyBenchmark : IBenchmark
{
    public string Name => "cancel-latency";
    public string Area => "kernel";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Scale(2_000);
        var lib = await K.Run(async () =>
        {
            var samples = new List<double>();
            for (var i = 0; i < n; i++)
            {
                long seen = 0;
                var t = Spawn(async () =>
                {
                    try { await Sleep(TimeSpan.FromHours(1)); }
                    catch (TaskCancelled) { seen = Stopwatch.GetTimestamp(); }
                });
                await Sleep(TimeSpan.Zero);
                var start = Stopwatch.GetTimestamp();
                await t.CancelAsync();
                samples.Add(Stopwatch.GetElapsedTime(start, seen).TotalMicroseconds);
            }
            return Measure.Median(samples);
        });
        var tplSamples = new List<double>();
        for (var i = 0; i < n; i++)
        {
            using var cts = new CancellationTokenSource();
            long seen = 0;
            var started = new TaskCompletionSource();
            var t = Task.Run(async () =>
            {
                started.SetResult();
                try { await Task.Delay(Timeout.Infinite, cts.Token); }
                catch (OperationCanceledException) { seen = Stopwatch.GetTimestamp(); }
            });
            await started.Task;
            var start = Stopwatch.GetTimestamp();
            cts.Cancel();
            await t;
            tplSamples.Add(Stopwatch.GetElapsedTime(start, seen).TotalMicroseconds);
        }
        return [new BenchRow("cancel request to exception in the task (median)", "µs", lib, Measure.Median(tplSamples), "CancellationTokenSource.Cancel", HigherIsBetter: false)];
    }
}

/// <summary>Memory per parked task, and the cost of a million parked tasks.</summary>
public sealed class ParkedTasksBenchmark : IBenchmark
{
    public string Name => "parked-tasks";
    public string Area => "kernel";

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Quick ? 20_000 : 1_000_000;
        var rows = new List<BenchRow>();

        // Baseline: TPL tasks parked on one TaskCompletionSource.
        Collect();
        var before = GC.GetTotalMemory(true);
        var rssBefore = Rss();
        var sw = Stopwatch.StartNew();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        static async Task Parked(Task g) => await g;
        var tasks = new Task[n];
        for (var i = 0; i < n; i++) tasks[i] = Parked(gate.Task);
        var tplPark = sw.Elapsed.TotalSeconds;
        var tplBytes = (GC.GetTotalMemory(true) - before) / (double)n;
        var tplRss = (Rss() - rssBefore) / 1048576.0;
        gate.SetResult();
        await Task.WhenAll(tasks);
        tasks = null!;

        Collect();
        var result = await K.Run(async () =>
        {
            var blocker = Spawn(() => Sleep(TimeSpan.FromHours(1)).AsTask(), name: "gate");
            await Sleep(TimeSpan.Zero);
            Collect();
            var b = GC.GetTotalMemory(true);
            var r0 = Rss();
            var watch = Stopwatch.StartNew();
            var parked = new CurioTask[n];
            for (var i = 0; i < n; i++) parked[i] = Spawn(() => blocker.WaitAsync().AsTask());
            while (parked[n - 1].State != "TASK_JOIN") await Sleep(TimeSpan.Zero);
            var parkTime = watch.Elapsed.TotalSeconds;
            var bytes = (GC.GetTotalMemory(true) - b) / (double)n;
            var rss = (Rss() - r0) / 1048576.0;
            watch.Restart();
            await blocker.CancelAsync();
            foreach (var p in parked) await p.WaitAsync();
            var wake = watch.Elapsed.TotalSeconds;
            return (parkTime, bytes, rss, wake);
        });
        rows.Add(new BenchRow($"managed bytes per parked task", "bytes", result.bytes, tplBytes, "TPL task awaiting a TCS", HigherIsBetter: false));
        rows.Add(new BenchRow($"{n:N0} parked tasks: time to park all", "s", result.parkTime, tplPark, "TPL task awaiting a TCS", HigherIsBetter: false));
        rows.Add(new BenchRow($"{n:N0} parked tasks: RSS growth", "MiB", result.rss, tplRss, "TPL task awaiting a TCS", HigherIsBetter: false));
        rows.Add(new BenchRow($"{n:N0} parked tasks: wake and join all", "s", result.wake, double.NaN, "-", HigherIsBetter: false));

        // Baseline: plain Akka actors waiting for a message (default mailbox), a tenth as many (the same per-actor figures, less time).
        var akkaN = n / 10;
        Collect();
        var (akkaBytes, akkaPark) = await RawAkka.ParkedAsync(akkaN, Collect);
        rows.Add(new BenchRow("parked: managed bytes per task", "bytes", result.bytes, akkaBytes, $"raw Akka actor ({akkaN:N0})", HigherIsBetter: false) { PythonCurio = 2_600 });
        rows.Add(new BenchRow("parked: time to park per task", "µs", result.parkTime * 1e6 / n, akkaPark * 1e6 / akkaN, $"raw Akka actor ({akkaN:N0})", HigherIsBetter: false));
        return rows;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long Rss()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }
}

/// <summary>The plain-Akka shape of spawn+join: a parent creates one child actor per job and counts the replies.</summary>
internal static class RawAkka
{
    public static async Task<double> SpawnReplyRateAsync(int n)
    {
        var system = Akka.Actor.ActorSystem.Create("rawakka", "akka.loglevel = WARNING");
        try
        {
            var rates = new List<double>();
            for (var rep = 0; rep < 4; rep++)
            {
                var done = new TaskCompletionSource();
                var sw = Stopwatch.StartNew();
                var parent = system.ActorOf(Akka.Actor.Props.CreateBy(new Producer(() => new Parent(n, done))));
                await done.Task;
                if (rep > 0) rates.Add(n / sw.Elapsed.TotalSeconds);
                system.Stop(parent);
            }
            return Measure.Median(rates);
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Managed bytes per actor and seconds to create <paramref name="n"/> children that wait for a message.</summary>
    public static async Task<(double Bytes, double Seconds)> ParkedAsync(int n, Action collect)
    {
        var system = Akka.Actor.ActorSystem.Create("rawakka-parked", "akka.loglevel = WARNING");
        try
        {
            collect();
            var before = GC.GetTotalMemory(true);
            var done = new TaskCompletionSource();
            var sw = Stopwatch.StartNew();
            var parent = system.ActorOf(Akka.Actor.Props.CreateBy(new Producer(() => new Holder(n, done))));
            await done.Task;
            var seconds = sw.Elapsed.TotalSeconds;
            var bytes = (GC.GetTotalMemory(true) - before) / (double)n;
            system.Stop(parent);
            return (bytes, seconds);
        }
        finally
        {
            await system.Terminate();
        }
    }

    // Creates n children; each reports from PreStart, then waits for a message that never comes.
    private sealed class Holder : Akka.Actor.UntypedActor
    {
        private int _left;
        private readonly TaskCompletionSource _done;

        public Holder(int n, TaskCompletionSource done)
        {
            _left = n;
            _done = done;
            var child = Akka.Actor.Props.CreateBy(new Producer(() => new Waiter()));
            for (var i = 0; i < n; i++) Context.ActorOf(child);
        }

        protected override void OnReceive(object message)
        {
            if (--_left == 0) _done.SetResult();
        }
    }

    private sealed class Waiter : Akka.Actor.UntypedActor
    {
        protected override void PreStart() => Context.Parent.Tell(true);

        protected override void OnReceive(object message) { }
    }

    private sealed class Producer(Func<Akka.Actor.ActorBase> make) : Akka.Actor.IIndirectActorProducer
    {
        public Type ActorType => typeof(Akka.Actor.ActorBase);
        public Akka.Actor.ActorBase Produce() => make();
        public void Release(Akka.Actor.ActorBase actor) { }
    }

    private sealed class Parent : Akka.Actor.UntypedActor
    {
        private int _left;
        private readonly TaskCompletionSource _done;

        public Parent(int n, TaskCompletionSource done)
        {
            _left = n;
            _done = done;
            var child = Akka.Actor.Props.CreateBy(new Producer(() => new Child()));
            for (var i = 0; i < n; i++) Context.ActorOf(child).Tell(42);
        }

        protected override void OnReceive(object message)
        {
            Context.Stop(Sender);
            if (--_left == 0) _done.SetResult();
        }
    }

    private sealed class Child : Akka.Actor.UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }
}
