using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

public class SchedulingSpecs : KernelSpec
{
    [Fact]
    public async Task A_spawned_child_first_runs_when_its_parent_blocks()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            events.Add("parent start");
            var c = Spawn(async () => { events.Add("child"); await Task.CompletedTask; });
            events.Add("parent after spawn");
            await Sleep(TimeSpan.Zero);
            events.Add("parent resumed");
            await c.JoinAsync();
            return 0;
        });
        Assert.Equal(new[] { "parent start", "parent after spawn", "child", "parent resumed" }, events);
    }

    [Fact]
    public async Task Ready_tasks_take_turns_round_robin()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            async Task Worker(string name)
            {
                for (var i = 0; i < 3; i++)
                {
                    events.Add(name + i);
                    await Sleep(TimeSpan.Zero);
                }
            }
            var a = Spawn(() => Worker("a"));
            var b = Spawn(() => Worker("b"));
            var c = Spawn(() => Worker("c"));
            await a.JoinAsync(); await b.JoinAsync(); await c.JoinAsync();
            return 0;
        });
        Assert.Equal(new[] { "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2" }, events);
    }

    [Fact]
    public async Task Joiners_wake_in_the_order_they_joined()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            var target = Spawn(() => Sleep(S(1)).AsTask());
            var joiners = Enumerable.Range(0, 4).Select(i => Spawn(async () => { await target.WaitAsync(); events.Add("j" + i); })).ToList();
            foreach (var j in joiners) await j.JoinAsync();
            return 0;
        });
        Assert.Equal(new[] { "j0", "j1", "j2", "j3" }, events);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Many_tasks_spawned_and_joined_lose_nothing(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var sum = await RunIn(k, async () =>
        {
            var tasks = Enumerable.Range(1, 2000).Select(i => Spawn(async () => { await Sleep(TimeSpan.Zero); return i; })).ToList();
            long total = 0;
            foreach (var t in tasks) total += await t.JoinAsync();
            return total;
        });
        Assert.Equal(2000L * 2001 / 2, sum);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Every_resumption_runs_on_the_task_actor(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var ok = await RunIn(k, async () =>
        {
            var me = CurrentTask;
            await Task.Delay(1);              // a plain .NET await comes back to the task
            var same1 = CurrentTask == me;
            await Task.Yield();
            var same2 = CurrentTask == me;
            await Sleep(TimeSpan.Zero);
            return same1 && same2 && CurrentTask == me;
        });
        Assert.True(ok);
    }

    [Fact]
    public async Task A_sequential_kernel_runs_one_task_at_a_time_however_many_threads_wake_them()
    {
        var k = NewKernel(SchedulingMode.Sequential);
        int inside = 0, most = 0, steps = 0;
        await RunIn(k, async () =>
        {
            var workers = Enumerable.Range(0, 16).Select(_ => Spawn(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    // woken from a pool thread each time, so wake-ups arrive from many threads at once
                    await Await(Task.Run(() => { }));
                    var now = Interlocked.Increment(ref inside);
                    if (now > most) most = now;
                    Thread.SpinWait(2000);
                    steps++;
                    Interlocked.Decrement(ref inside);
                    if (i % 2 == 0) await Sleep(TimeSpan.Zero);
                }
            })).ToList();
            foreach (var w in workers) await w.JoinAsync();
            return 0;
        });
        Assert.Equal(1, most);
        Assert.Equal(16 * 200, steps); // a plain increment: no lost update unless two tasks overlapped
    }
}
