using Akka.Actor;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

public class TaskHandleSpecs : KernelSpec
{
    private sealed class Boom(string m) : Exception(m);

    [Fact]
    public async Task A_handle_reports_identity_state_and_outcome()
    {
        var k = NewKernel();
        var (parent, child, early) = await RunIn(k, async () =>
        {
            var me = CurrentTask;
            var c = Spawn(async () => { await Sleep(S(1)); return "ok"; }, daemon: true, name: "worker");
            var early = Assert.Throws<InvalidOperationException>(() => c.Result);
            Assert.Throws<InvalidOperationException>(() => c.Exception);
            Assert.Equal("READY", c.State); // Curio: spawn puts it on the ready queue
            await Sleep(TimeSpan.Zero);
            Assert.Equal("TIME_SLEEP", c.State);
            Assert.Equal("ok", await c.JoinAsync());
            return (me, c, early);
        });
        Assert.Contains("Task not terminated", early.Message);
        Assert.True(child.Id > parent.Id);
        Assert.Equal(parent.Id, child.ParentId);
        Assert.Null(parent.ParentId);
        Assert.Equal("worker", child.Name);
        Assert.True(child.Daemon);
        Assert.True(child.Joined);
        Assert.Equal("TERMINATED", child.State);
        Assert.True(child.Cycles >= 2);
        Assert.Null(child.Exception);
        Assert.False(child.Cancelled);
    }

    [Fact]
    public async Task Join_wraps_a_failure_in_TaskError_while_Result_and_Exception_give_the_original()
    {
        var k = NewKernel();
        var boom = new Boom("bad");
        var (err, t) = await RunIn(k, async () =>
        {
            var c = Spawn(async () => { await Sleep(S(1)); throw boom; });
            var e = await Assert.ThrowsAsync<TaskError>(async () => await c.JoinAsync());
            return (e, c);
        });
        Assert.Same(boom, err.InnerException);
        Assert.Same(t, err.Task);
        Assert.Contains("bad", err.Message);
        Assert.Same(boom, t.Exception);
        Assert.Same(boom, Assert.Throws<Boom>(() => t.Result));
        Assert.Same(boom, await Assert.ThrowsAsync<Boom>(() => t.Completion.WaitAsync(Limit)));
    }

    [Fact]
    public async Task Wait_never_raises_and_a_task_cannot_join_itself()
    {
        var k = NewKernel();
        var msg = await RunIn(k, async () =>
        {
            var c = Spawn(async () => { await Sleep(S(1)); throw new Boom("x"); });
            await c.WaitAsync();
            var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await CurrentTask.JoinAsync());
            return e.Message;
        });
        Assert.Contains("cannot JoinAsync itself", msg);
    }

    private sealed class Spawner(Kernel kernel, IActorRef report) : UntypedActor
    {
        protected override void PreStart()
        {
            kernel.Spawn(async () => { await Sleep(S(0.3)); return 40 + 2; }, notify: Self);
            kernel.Spawn(async () => { await Sleep(S(0.05)); throw new Boom("task failed"); }, notify: Self);
        }

        protected override void OnReceive(object message) => report.Forward(message);
    }

    [Fact]
    public void A_plain_actor_spawns_tasks_and_receives_their_outcomes_as_messages()
    {
        var k = NewKernel(virtualTime: false); // spawned from outside a task: real time keeps the two timers apart
        Sys.ActorOf(Props.Create(() => new Spawner(k, TestActor)));
        var first = ExpectMsg<TaskCompleted>(Limit);
        var second = ExpectMsg<TaskCompleted>(Limit);
        Assert.IsType<Boom>(first.Exception);           // the 50 ms task ends first
        Assert.Equal("task failed", first.Exception!.Message);
        Assert.Equal(42, second.Result);
        Assert.Null(second.Exception);
        Assert.True(second.Task.Terminated);
    }

    [Fact]
    public async Task Shutdown_cancels_everything_stops_every_task_actor_and_refuses_new_spawns()
    {
        var k = NewKernel(virtualTime: false); // tasks spawned from outside: an auto-jumping clock could end their sleeps
        var sleepers = Enumerable.Range(0, 5).Select(_ => k.Spawn(() => Sleep(S(1000)).AsTask())).ToList();
        var childActors = sleepers.Select(t => t.Actor).ToList();
        Watch(k.KernelActor);
        foreach (var a in childActors) Watch(a);
        await k.ShutdownAsync().WaitAsync(Limit);
        Assert.All(sleepers, t => Assert.IsType<TaskCancelled>(t.Exception));
        Assert.Empty(k.Tasks);
        var stopped = ReceiveN(childActors.Count + 1, Limit).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Contains(k.KernelActor, stopped);
        Assert.All(childActors, a => Assert.Contains(a, stopped));
        var e = Assert.Throws<InvalidOperationException>(() => k.Spawn(() => Task.CompletedTask));
        Assert.Contains("shut down", e.Message);
    }

    [Fact]
    public async Task Task_actors_are_reused_for_new_tasks_once_their_body_ended()
    {
        var k = NewKernel();
        var actors = await RunIn(k, async () =>
        {
            var seen = new List<IActorRef>();
            for (var i = 0; i < 3; i++)
            {
                var t = Spawn(() => Task.CompletedTask);
                await t.WaitAsync();
                seen.Add(t.Actor);
                await Sleep(TimeSpan.Zero);
            }
            return seen;
        });
        Assert.Single(actors.Distinct());
    }

    private static readonly AsyncLocal<string?> s_local = new();

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_child_starts_with_a_copy_of_its_spawners_context_as_Curios_ContextTask(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        s_local.Value = "caller";                 // Kernel.Run's caller: the main task sees it
        var r = await RunIn(k, async () =>
        {
            var seenByMain = s_local.Value;
            s_local.Value = "parent";
            var child = Spawn(async () =>
            {
                var first = s_local.Value;        // the value at spawn, not the one set after it
                s_local.Value = "child";          // the change stays in the child
                await Sleep(S(1));
                return (first, s_local.Value);
            });
            s_local.Value = "parent-later";
            var (first, after) = await child.JoinAsync();
            return (seenByMain, first, after, s_local.Value);
        });
        Assert.Equal(("caller", "parent", "child", "parent-later"), r);
        Assert.Equal("caller", s_local.Value);
        s_local.Value = null;
    }
}
