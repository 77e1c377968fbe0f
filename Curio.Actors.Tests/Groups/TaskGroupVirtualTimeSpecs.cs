using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Groups;

/// <summary>Groups on the auto-jumping virtual clock: the kernel must still go idle once group task actors stop.</summary>
public class TaskGroupVirtualTimeSpecs : KernelSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Tasks_finish_in_virtual_time_order_and_the_kernel_still_goes_idle_after_the_join(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var (order, after) = await RunIn(k, async () =>
        {
            var order = new List<int>();
            await using (var g = new TaskGroup())
            {
                foreach (var s in new[] { 3, 1, 2 })
                    g.Spawn(async () => { await Sleep(S(s)); return s; });
                await foreach (var t in g) order.Add((int)t.Result!);
                await g.JoinAsync();
            }
            await Sleep(S(10)); // only returns if nothing is left counted as in flight
            return (order, Clock());
        });
        Assert.Equal(new[] { 1, 2, 3 }, order);
        Assert.Equal(S(13), after);
    }

    [Fact]
    public async Task Many_groups_cancelled_under_any_leave_nothing_in_flight()
    {
        var k = NewKernel(SchedulingMode.Parallel);
        var clock = await RunIn(k, async () =>
        {
            for (var round = 0; round < 50; round++)
            {
                var g = new TaskGroup(GroupWait.Any);
                for (var i = 0; i < 8; i++)
                {
                    var n = i;
                    g.Spawn(async () => { await Sleep(TimeSpan.FromMilliseconds(n)); return n; });
                }
                await g.JoinAsync();
                Assert.Equal(0, g.Result);
            }
            await Sleep(S(1));
            return Clock();
        });
        Assert.True(clock >= S(1));
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task Join_under_timeout_on_the_auto_jumping_clock()
    {
        var k = NewKernel();
        var (timedOut, exceptions) = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            g.Spawn(async () => { await Sleep(S(60)); });
            g.Spawn(async () => { await Sleep(S(1)); });
            var timedOut = false;
            try { await TimeoutAfter(S(5), async () => await g.JoinAsync()); }
            catch (TaskTimeout) { timedOut = true; }
            return (timedOut, g.Exceptions);
        });
        Assert.True(timedOut);
        Assert.IsType<TaskCancelled>(exceptions[0]);
        Assert.Null(exceptions[1]);
    }
}
