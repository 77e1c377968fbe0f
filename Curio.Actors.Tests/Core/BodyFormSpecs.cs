using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// Curio passes <c>corofunc, *args</c> or a coroutine; C# passes a lambda, a method group (returning Task, Task&lt;T&gt;,
/// ValueTask or ValueTask&lt;T&gt;) and up to three arguments. Each local below is typed, so this file compiles only
/// if every call binds to the form that keeps its result (CurioTask&lt;int&gt;, not CurioTask); the values then show
/// the right function ran with the right arguments.
/// </summary>
public class BodyFormSpecs : KernelSpec
{
    private static async Task<int> Zero() { await Sleep(TimeSpan.Zero); return 10; }
    private static async Task<int> One(int a) { await Sleep(TimeSpan.Zero); return a; }
    private static async Task<int> Two(int a, int b) { await Sleep(TimeSpan.Zero); return a * 10 + b; }
    private static async Task<string> Three(int a, string b, char c) { await Sleep(TimeSpan.Zero); return $"{a}{b}{c}"; }
    private static async ValueTask<int> VZero() { await Sleep(TimeSpan.Zero); return 20; }
    private static async ValueTask<int> VOne(int a) { await Sleep(TimeSpan.Zero); return -a; }
    private static async ValueTask<int> VTwo(int a, int b) { await Sleep(TimeSpan.Zero); return a - b; }
    private static async ValueTask<string> VThree(int a, string b, char c) { await Sleep(TimeSpan.Zero); return $"{c}{b}{a}"; }
    private static async Task Note(List<string> log) { await Sleep(TimeSpan.Zero); Add(log, "Note"); }
    private static async Task Note2(List<string> log, string s) { await Sleep(TimeSpan.Zero); Add(log, s); }
    private static async Task Note3(List<string> log, string s, int n) { await Sleep(TimeSpan.Zero); Add(log, s + n); }
    private static async ValueTask VNote1(List<string> log) { await Sleep(TimeSpan.Zero); Add(log, "VNote1"); }
    private static async ValueTask VNote2(List<string> log, string s) { await Sleep(TimeSpan.Zero); Add(log, "V" + s); }
    private static async ValueTask VNote3(List<string> log, string s, int n) { await Sleep(TimeSpan.Zero); Add(log, "V" + s + n); }
    private static void Add(List<string> log, string s) { lock (log) log.Add(s); } // tasks run on many threads in Parallel mode
    private static async Task<int> Slow(int n) { await Sleep(TimeSpan.FromSeconds(n)); return n; }
    private static async Task<string> SlowText(int n) { await Sleep(TimeSpan.FromSeconds(n)); return "late"; }

    /// <summary>A method group with two overloads, as Sleep(TimeSpan) beside a Sleep(double) would be.</summary>
    private static class Nap
    {
        internal static ValueTask<TimeSpan> For(TimeSpan t) => Sleep(t);
        internal static async ValueTask<TimeSpan> For(double seconds) => await Sleep(TimeSpan.FromSeconds(seconds)) + TimeSpan.FromDays(1);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Spawn_keeps_the_result_of_every_form(SchedulingMode mode)
    {
        var log = new List<string>();
        var (values, names) = await RunIn(NewKernel(mode), async () =>
        {
            var q = new CurioQueue<int>();
            var evt = new Event();
            CurioTask<int>[] valued =
            [
                Spawn(Zero), Spawn(One, 1), Spawn(Two, 1, 2), Spawn(VZero), Spawn(VOne, 3), Spawn(VTwo, 9, 4),
                Spawn(async () => { await Sleep(TimeSpan.Zero); return 5; }),
                Spawn(async x => { await Sleep(TimeSpan.Zero); return x * 2; }, 3),
                Spawn(() => One(7)),
                Spawn(q.GetAsync),
            ];
            CurioTask<string> three = Spawn(Three, 1, "b", 'c'), vthree = Spawn(VThree, 1, "b", 'c');
            CurioTask<TimeSpan> sleeper = Spawn(Sleep, TimeSpan.FromSeconds(2));
            CurioTask[] plain = [Spawn(Note, log), Spawn(Note2, log, "x"), Spawn(Note3, log, "y", 3), Spawn(VNote1, log),
                Spawn(VNote2, log, "x"), Spawn(VNote3, log, "y", 3), Spawn(evt.WaitAsync), Spawn(async () => { await Sleep(TimeSpan.Zero); })];
            await q.PutAsync(99);
            evt.Set();
            var results = new List<object?>();
            foreach (var t in valued) results.Add(await t.JoinAsync());
            results.Add(await three.JoinAsync());
            results.Add(await vthree.JoinAsync());
            results.Add(await sleeper.JoinAsync());
            foreach (var t in plain) results.Add(await t.JoinAsync());
            return (results, valued.Select(t => t.Name).Concat([three.Name, sleeper.Name, plain[0].Name, plain[6].Name]).ToList());
        });
        Assert.Equal(new object?[] { 10, 1, 12, 20, -3, 5, 5, 6, 7, 99, "1bc", "cb1", TimeSpan.FromSeconds(2), null, null, null, null, null, null, null, null }, values);
        Assert.Equal(new[] { "Note", "VNote1", "Vx", "Vy3", "x", "y3" }, log.Order(StringComparer.Ordinal));
        // The task is named after the user's function, not after the wrapper that binds its arguments.
        Assert.Equal(new[] { "Zero", "One", "Two", "VZero", "VOne", "VTwo" }, names.Take(6));
        Assert.Equal(new[] { "GetAsync", "Three", "Sleep", "Note", "WaitAsync" }, names.Skip(9));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Kernel_and_TaskGroup_Spawn_keep_the_result_of_every_form(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        CurioTask<int>[] outside = [k.Spawn(One, 4), k.Spawn(Two, 4, 2), k.Spawn(VOne, 4), k.Spawn(VTwo, 4, 1), k.Spawn(Zero), k.Spawn(VZero)];
        CurioTask<string> outsideThree = k.Spawn(Three, 4, "k", '!');
        var fromOutside = new List<int>();
        foreach (var t in outside) fromOutside.Add((int)(await t.Completion.WaitAsync(Limit))!);
        Assert.Equal(new[] { 4, 42, -4, 3, 10, 20 }, fromOutside);
        Assert.Equal("4k!", await outsideThree.Completion.WaitAsync(Limit));

        var (results, name) = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            CurioTask<int>[] members = [g.Spawn(One, 1), g.Spawn(Two, 1, 2), g.Spawn(VOne, 1), g.Spawn(VTwo, 5, 1), g.Spawn(Zero), g.Spawn(VZero)];
            CurioTask<string> m3 = g.Spawn(VThree, 3, "g", '?');
            CurioTask inner = g.Spawn(VNote1, new List<string>());
            await g.JoinAsync();
            return (g.Results, m3.Name);
        });
        Assert.Equal(new object?[] { 1, 12, -1, 4, 10, 20, "?g3", null }, results);
        Assert.Equal("VThree", name);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task TimeoutAfter_takes_method_groups_and_arguments(SchedulingMode mode)
    {
        var outcome = await RunIn(NewKernel(mode), async () =>
        {
            var evt = new Event();
            var q = new CurioQueue<int>();
            var seen = new List<object?>();
            // timeout_after(1, evt.wait()) / timeout_after(0.1, sleep, 1): the deadline lands in the function.
            try { await TimeoutAfter(S(1), evt.WaitAsync); }
            catch (TaskTimeout e) { seen.Add(e.Clock); }
            try { await TimeoutAfter(S(0.5), Sleep, S(1)); }
            catch (TaskTimeout e) { seen.Add(e.Clock); }
            // In time, each form returns what its function returned.
            TimeSpan woke = await TimeoutAfter(S(5), Sleep, S(1));
            int one = await TimeoutAfter(S(5), One, 1);
            int two = await TimeoutAfter(S(5), Two, 2, 3);
            string three = await TimeoutAfter(S(5), Three, 1, "x", 'y');
            int v = await TimeoutAfter(S(5), VOne, 4);
            int v2 = await TimeoutAfter(S(5), VTwo, 4, 1);
            string v3 = await TimeoutAfter(S(5), VThree, 1, "x", 'y');
            int zero = await TimeoutAfter(S(5), Zero);
            int vzero = await TimeoutAfter(S(5), VZero);
            int lambda = await TimeoutAfter(S(5), async () => { await Sleep(S(1)); return 8; });
            TimeSpan nap1 = await TimeoutAfter(S(5), Nap.For, S(1));   // the TimeSpan overload of a two-overload group
            TimeSpan nap2 = await TimeoutAfter(S(5), Nap.For, 1.0);    // the double one
            Spawn(async () => { await Sleep(S(1)); await q.PutAsync(5); evt.Set(); });
            int got = await TimeoutAfter(S(5), q.GetAsync);
            await TimeoutAfter(S(5), evt.WaitAsync);
            var log = new List<string>();
            await TimeoutAfter(S(5), Note, log);
            await TimeoutAfter(S(5), VNote2, log, "a");
            await TimeoutAfter(S(5), Note3, log, "b", 1);
            await TimeoutAfter(S(5), async () => { await Sleep(S(1)); log.Add("block"); });
            seen.AddRange([woke, one, two, three, v, v2, v3, zero, vzero, lambda, nap1, nap2, got, string.Join(",", log)]);
            return seen;
        });
        // The clock: 1 (evt timed out), 1.5 (sleep timed out), 2.5 (woke), +1 per Sleep(1) after that.
        Assert.Equal(new object?[] { S(1), S(1.5), S(2.5), 1, 23, "1xy", -4, 3, "yx1", 10, 20, 8, S(4.5), S(5.5) + TimeSpan.FromDays(1), 5, "Note,Va,b1,block" }, outcome);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task IgnoreAfter_function_form_returns_the_result_or_the_timeout_result(SchedulingMode mode)
    {
        var outcome = await RunIn(NewKernel(mode), async () =>
        {
            var evt = new Event();
            var q = new CurioQueue<int>();
            return new object?[]
            {
                await IgnoreAfter(S(1), Slow, 5),                       // expired: default(int)
                await IgnoreAfter(S(1), Slow, 5, timeoutResult: -1),    // expired: Curio would give None here; we honour it
                await IgnoreAfter(S(10), Slow, 5, timeoutResult: -1),   // in time: the function's result
                await IgnoreAfter(S(1), Two, 1, 2, timeoutResult: -1),
                await IgnoreAfter(S(1), Three, 1, "i", 'a', timeoutResult: "late"),
                await IgnoreAfter(S(1), SlowText, 5),                   // expired: string? null, without a nullability warning
                await IgnoreAfter(S(1), VOne, 6),
                await IgnoreAfter(S(1), q.GetAsync, timeoutResult: -7),   // expired
                await IgnoreAfter(S(1), Sleep, S(5)),                     // expired: default(TimeSpan)
                await IgnoreAfter(S(1), evt.WaitAsync),                   // no result: false when it expired
                await IgnoreAfter(S(1), Note, new List<string>()),        // true when it finished
                await IgnoreAfter(S(1), VNote3, new List<string>(), "z", 1),
                await IgnoreAfter(S(1), async () => { await Sleep(S(2)); }),
                Clock(),
            };
        });
        Assert.Equal(new object?[] { 0, -1, 5, 12, "1ia", null, -6, -7, TimeSpan.Zero, false, true, true, false, S(12) }, outcome);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task DisableCancellation_function_form_shields_every_form_and_keeps_its_result(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var started = new Event();
        var victim = k.Spawn(async () =>
        {
            var log = new List<string>();
            int a = await DisableCancellation(async () => { started.Set(); return await Slow(2); });
            int b = await DisableCancellation(Slow, 1);
            int c = await DisableCancellation(VTwo, 5, 2);
            string d = await DisableCancellation(Three, 1, "d", 'c');
            int e = await DisableCancellation(VZero);
            await DisableCancellation(Note2, log, "shielded");
            await DisableCancellation(VNote1, log);
            log.Add($"{a} {b} {c} {d} {e}");
            try { await Sleep(S(1)); }
            catch (TaskCancelled) { log.Add("cancelled at the first blocking call outside"); }
            return log;
        });
        await RunIn(k, async () =>
        {
            await started.WaitAsync();
            await victim.CancelAsync(blocking: false);
            return 0;
        });
        var log = (List<string>)(await victim.Completion.WaitAsync(Limit))!;
        Assert.Equal(new[] { "shielded", "VNote1", "2 1 3 1dc 20", "cancelled at the first blocking call outside" }, log);
    }

    [Fact]
    public Task Kernel_Run_takes_every_form() => Task.Factory.StartNew(() =>
    {
        Assert.Equal(10, Kernel.Run(Zero));
        Assert.Equal(20, Kernel.Run(VZero));
        Assert.Equal(3, Kernel.Run(One, 3));
        Assert.Equal(-3, Kernel.Run(VOne, 3));
        Assert.Equal(12, Kernel.Run(Two, 1, 2));
        Assert.Equal("2ab", Kernel.Run(Three, 2, "a", 'b', new KernelOptions { Scheduling = SchedulingMode.Parallel }));
        TimeSpan slept = Kernel.Run(Sleep, TimeSpan.FromMilliseconds(1));
        Assert.True(slept > TimeSpan.Zero);
        var log = new List<string>();
        Kernel.Run(Note, log);
        Kernel.Run(VNote3, log, "r", 1);
        Kernel.Run(async () => { await Sleep(TimeSpan.Zero); log.Add("lambda"); });
        Assert.Equal(new[] { "Note", "Vr1", "lambda" }, log);
    }, TaskCreationOptions.LongRunning).WaitAsync(Limit * 3);

    [Fact]
    public async Task Kernel_RunAsync_takes_every_form()
    {
        Assert.Equal(12, await Kernel.RunAsync(Two, 1, 2).WaitAsync(Limit));
        Assert.Equal(-2, await Kernel.RunAsync(VOne, 2).WaitAsync(Limit));
        Assert.Equal(20, await Kernel.RunAsync(VZero).WaitAsync(Limit));
        var log = new List<string>();
        await Kernel.RunAsync(VNote2, log, "async").WaitAsync(Limit);
        Assert.Equal(new[] { "Vasync" }, log);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task RunInThread_takes_two_and_three_arguments(SchedulingMode mode)
    {
        var bag = new List<string>();
        var (two, three) = await RunIn(NewKernel(mode, virtualTime: false), async () =>
        {
            int two = await RunInThread(Math.Max, 3, 9);
            string three = await RunInThread(string.Concat, "a", "b", "c");
            await RunInThread((string s, int n) => { lock (bag) bag.Add(s + n); }, "x", 1);
            await RunInThread((string s, int n, char c) => { lock (bag) bag.Add($"{s}{n}{c}"); }, "y", 2, 'z');
            return (two, three);
        });
        Assert.Equal(9, two);
        Assert.Equal("abc", three);
        Assert.Equal(new[] { "x1", "y2z" }, bag);
    }
}
