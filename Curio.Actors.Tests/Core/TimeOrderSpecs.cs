using System.Diagnostics;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// Curio's time queue: no deadline fires before the kernel clock has reached it, and deadlines that passed together
/// expire earliest first. Real time: these are properties of timers, which virtual time would hide.
/// </summary>
public class TimeOrderSpecs : KernelSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task No_sleep_or_timeout_wakes_before_its_deadline(SchedulingMode mode)
    {
        var early = new List<string>();
        var wakes = 0;
        await RunIn(NewKernel(mode, virtualTime: false), async () =>
        {
            var never = new Event();
            var q = new CurioQueue<int>();
            async Task Waiter(int i)
            {
                for (var n = 0; n < 5; n++)
                {
                    var delay = TimeSpan.FromMilliseconds(i % 2 == 0 ? 100 : 20 + i);
                    var sw = Stopwatch.StartNew();
                    var before = Clock();
                    TimeSpan woke;
                    switch ((i + n) % 3)
                    {
                        case 0:
                            woke = await Sleep(delay);
                            break;
                        case 1:
                            woke = (await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(delay, async () => await never.WaitAsync()))).Clock;
                            break;
                        default:
                            Assert.False(await IgnoreAfter(delay, async () => { await q.GetAsync(); }));
                            woke = Clock();
                            break;
                    }
                    var wall = sw.Elapsed;
                    lock (early)
                    {
                        wakes++;
                        if (woke - before < delay || wall < delay)
                            early.Add($"task {i} wait {n}: {delay.TotalMilliseconds} ms woke after {(woke - before).TotalMilliseconds:0.000} ms (clock), {wall.TotalMilliseconds:0.000} ms (wall)");
                    }
                }
            }
            var ts = Enumerable.Range(0, 40).Select(i => Spawn(Waiter, i)).ToList();
            foreach (var t in ts) await t.JoinAsync();
            return 0;
        });
        Assert.Equal(200, wakes);
        Assert.Empty(early);
    }

    [Fact]
    public async Task Deadlines_that_passed_while_the_kernel_was_blocked_expire_in_deadline_order()
    {
        var order = new List<int>();
        await RunIn(NewKernel(SchedulingMode.Sequential, virtualTime: false), async () =>
        {
            var never = new Event();
            var start = Clock() + TimeSpan.FromMilliseconds(300);
            // Deadlines 1 ms apart, spawned in a shuffled order, sleeps and timeouts interleaved.
            var ks = Enumerable.Range(0, 30).OrderBy(k => (k * 17) % 30).ToList();
            var ts = ks.Select(k => Spawn(async () =>
            {
                var delay = start + TimeSpan.FromMilliseconds(k) - Clock();
                if (k % 2 == 0) await Sleep(delay);
                else await IgnoreAfter(delay, async () => await never.WaitAsync());
                order.Add(k); // Sequential: one task at a time, no lock needed
            })).ToList();
            while (ts.Any(t => t.State is not ("TIME_SLEEP" or "EVENT_WAIT" or "TERMINATED"))) await Sleep(TimeSpan.Zero);
            // Block the kernel on purpose until every deadline has passed.
            while (Clock() < start + TimeSpan.FromMilliseconds(60)) Thread.Sleep(5);
            foreach (var t in ts) await t.JoinAsync();
            return 0;
        });
        Assert.Equal(Enumerable.Range(0, 30), order);
    }

    [Fact]
    public async Task A_blocking_cancel_under_a_timeout_times_out_before_the_victims_cleanup_sleep_ends()
    {
        // Curio: the canceller's deadline comes first in the one time queue, so it always wins, on every try.
        for (var round = 0; round < 10; round++)
        {
            var outcome = await RunIn(NewKernel(SchedulingMode.Sequential, virtualTime: false), async () =>
            {
                var victim = Spawn(async () =>
                {
                    try { await Sleep(TimeSpan.FromDays(1)); }
                    catch (TaskCancelled) { await Sleep(TimeSpan.FromMilliseconds(30)); throw; }
                });
                await Sleep(TimeSpan.Zero);
                try
                {
                    await TimeoutAfter(TimeSpan.FromMilliseconds(30), async () => await victim.CancelAsync());
                    return "cancel finished first";
                }
                catch (TaskTimeout)
                {
                    await victim.WaitAsync();
                    return "timed out";
                }
            });
            Assert.Equal("timed out", outcome);
        }
    }
}
