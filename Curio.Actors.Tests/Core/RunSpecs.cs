using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

public class RunSpecs
{
    private sealed class BoomException(string m) : Exception(m);

    [Fact]
    public void Run_returns_the_main_result()
    {
        var r = Bounded.Call(() => Kernel.Run(async () =>
        {
            await Sleep(TimeSpan.Zero);
            var child = Spawn(async () => { await Sleep(TimeSpan.Zero); return 21; });
            return await child.JoinAsync() * 2;
        }));
        Assert.Equal(42, r);
    }

    [Fact]
    public void Run_rethrows_the_main_exception_unchanged()
    {
        var boom = new BoomException("boom");
        var thrown = Assert.Throws<BoomException>(() => Bounded.Call(() => Kernel.Run(async () =>
        {
            await Sleep(TimeSpan.Zero);
            throw boom;
        })));
        Assert.Same(boom, thrown);
    }

    [Fact]
    public void Run_cancels_the_remaining_tasks_newest_first_and_runs_their_cleanup()
    {
        var order = new List<string>();
        Bounded.Call(() => Kernel.Run(async () =>
        {
            for (var i = 1; i <= 3; i++)
            {
                var name = "t" + i;
                Spawn(async () =>
                {
                    try { await Sleep(TimeSpan.FromHours(1)); }
                    catch (TaskCancelled) { order.Add(name + " cancelled"); await Sleep(TimeSpan.Zero); order.Add(name + " cleaned"); throw; }
                }, daemon: i == 2);
            }
            await Sleep(TimeSpan.Zero);
        }));
        Assert.Equal(new[] { "t3 cancelled", "t3 cleaned", "t2 cancelled", "t2 cleaned", "t1 cancelled", "t1 cleaned" }, order);
    }

    [Fact]
    public void Main_can_return_before_its_children_ever_ran()
    {
        var ran = false;
        var r = Bounded.Call(() => Kernel.Run(() =>
        {
            Spawn(async () => { ran = true; await Sleep(TimeSpan.Zero); });
            return Task.FromResult(7);
        }));
        Assert.Equal(7, r);
        // The child ran only at shutdown, where its first blocking call received the cancellation.
        Assert.True(ran);
    }
}
