using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

/// <summary>A body's end is handled on the task's actor, wherever the body's Task completed.</summary>
public class BodyEndSpecs : KernelSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_body_whose_task_completes_on_a_pool_thread_ends_on_its_actor_and_frees_it(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var (value, inKernel, sameActor, listed) = await RunIn(k, async () =>
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // The body returns a Task that a pool thread completes: no await of the body runs on the actor.
            var t = Spawn(() => Task.Run(async () => { await started.Task.ConfigureAwait(false); return 5; }));
            await Sleep(TimeSpan.Zero);
            started.SetResult();
            var v = await t.JoinAsync();
            var listed = k.Tasks.Contains(t);
            var first = t.Actor;
            await Sleep(TimeSpan.Zero); // the actor rejoins the pool after the message that ended the body
            var next = Spawn(() => Task.FromResult(CurrentTask.Actor));
            var nextActor = await next.JoinAsync();
            return (v, t.Terminated, mode == SchedulingMode.Parallel || ReferenceEquals(first, nextActor) || first.Equals(nextActor), listed);
        });
        Assert.Equal(5, value);
        Assert.True(inKernel);
        Assert.True(sameActor, "the actor of a body that ended off its actor was not reused");
        Assert.False(listed);
    }
}
