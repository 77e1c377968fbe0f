using Akka.Actor;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

/// <summary>The kernel's pool of idle task actors follows the recent peak of tasks alive at once.</summary>
public class TaskActorPoolSpecs : KernelSpec
{
    // More than the old fixed bound of 4,096, so a pool of that size would have stopped some.
    private const int Wave = 5000;

    // Trims only when a spec calls Trim, so a slow machine's timer cannot roll a window in between.
    private Kernel NewPoolKernel(SchedulingMode mode = SchedulingMode.Sequential, int max = 131_072)
    {
        var k = Kernel.Create(Sys, new KernelOptions
        {
            Scheduling = mode, TimeProvider = Time, MaxIdleTaskActors = max, PoolTrimInterval = Timeout.InfiniteTimeSpan,
        });
        Time.Attach(k);
        return k;
    }

    // N tasks alive and parked at once, then released and joined: every actor that hosted one, the main task's too.
    private static async Task<HashSet<IActorRef>> RunWave(int n)
    {
        var gate = new Event();
        var tasks = new CurioTask[n];
        for (var i = 0; i < n; i++) tasks[i] = Spawn(() => gate.WaitAsync());
        do await Sleep(TimeSpan.Zero); // Sequential: once; Parallel: until the pool threads got to all of them
        while (tasks.Any(t => t.State != "EVENT_WAIT"));
        gate.Set();
        foreach (var t in tasks) await t.JoinAsync();
        return tasks.Select(t => t.Actor).Append(CurrentTask.Actor).ToHashSet();
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_second_wave_of_tasks_alive_at_once_runs_on_the_actors_of_the_first(SchedulingMode mode)
    {
        var k = NewPoolKernel(mode);
        var first = await RunIn(k, () => RunWave(Wave));
        Assert.Equal(Wave + 1, first.Count); // one actor per live task
        // An actor rejoins the pool just after its task's end wakes the joiner: wait until all have.
        AwaitCondition(() => k.Core.Pool.IdleCount == Wave + 1, Limit, TimeSpan.FromMilliseconds(10));
        var second = await RunIn(k, () => RunWave(Wave));
        Assert.Equal(Wave + 1, second.Count);
        Assert.True(second.SetEquals(first), $"{second.Except(first).Count()} of {Wave + 1} tasks got a new actor");
    }

    [Fact]
    public async Task After_a_burst_the_trim_stops_the_idle_actors_once_the_peak_has_aged_out()
    {
        var k = NewPoolKernel();
        var actors = await RunIn(k, () => RunWave(Wave));
        AwaitCondition(() => k.Core.Pool.IdleCount == Wave + 1, Limit, TimeSpan.FromMilliseconds(10));
        var probe = CreateTestProbe();
        foreach (var a in actors) probe.Watch(a);

        k.Core.Pool.Trim(); // the burst's window becomes the one before: all still kept
        Assert.Equal(Wave + 1, k.Core.Pool.IdleCount);
        k.Core.Pool.Trim(); // the burst has aged out of both windows and nothing is busy: all go
        Assert.Equal(0, k.Core.Pool.IdleCount);
        var stopped = probe.ReceiveN(Wave + 1, Limit).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.True(stopped.SetEquals(actors));

        // The kernel spawns on new actors afterwards.
        var (value, actor) = await RunIn(k, async () =>
        {
            var t = Spawn(() => Task.FromResult(42));
            return (await t.JoinAsync(), t.Actor);
        });
        Assert.Equal(42, value);
        Assert.DoesNotContain(actor, actors);
    }

    [Fact]
    public async Task The_pool_keeps_no_more_than_MaxIdleTaskActors_and_stops_the_rest()
    {
        var k = NewPoolKernel(max: 10);
        var actors = await RunIn(k, () => RunWave(50));
        Assert.Equal(51, actors.Count);
        var probe = CreateTestProbe();
        foreach (var a in actors) probe.Watch(a);
        var stopped = probe.ReceiveN(41, Limit).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Equal(41, stopped.Count);
        Assert.Subset(actors, stopped);
        Assert.Equal(10, k.Core.Pool.IdleCount);
    }
}
