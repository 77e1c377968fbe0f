using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Groups;

public class TaskGroupSpecs : KernelSpec
{
    /// <summary>These specs drive virtual time by hand: tasks parked "forever" must stay parked while the test acts.</summary>
    public TaskGroupSpecs() => Time.AutoJump = false;

    /// <summary>Polls every 5 ms (the TestKit's default interval is a tenth of the limit).</summary>
    private void Until(Func<bool> condition) => AwaitCondition(condition, Limit, TimeSpan.FromMilliseconds(5));

    private void ParkedThenAdvance(CurioTask task, string state, TimeSpan by)
    {
        Until(() => task.State == state);
        Time.Advance(by);
    }

    private sealed class BoomException(string m) : Exception(m);

    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);

    /// <summary>Yields n times: in Sequential mode, a task that yields fewer times ends first.</summary>
    private static async Task Yields(int n)
    {
        for (var i = 0; i < n; i++) await Sleep(TimeSpan.Zero);
    }

    /// <summary>A task body that sleeps "forever" (virtual time) and records its cancellation and cleanup.</summary>
    private static Func<Task> Sleeper(List<string> log, string name) => async () =>
    {
        try { await Sleep(Forever); }
        catch (CancelledError e)
        {
            log.Add($"{name} {e.GetType().Name}");
            await Sleep(TimeSpan.Zero); // cleanup may block
            log.Add($"{name} cleaned");
            throw;
        }
    };

    [Fact]
    public async Task Join_all_waits_for_every_task_and_reports_results_in_task_id_order()
    {
        var k = NewKernel();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            g.Spawn(async () => { await Yields(3); return 1; });
            g.Spawn(async () => { await Yields(1); return 2; });
            g.Spawn(async () => { await Yields(2); return 3; });
            await g.JoinAsync();
            return g;
        });
        Assert.True(g.Joined);
        Assert.Equal(new object?[] { 1, 2, 3 }, g.Results);
        Assert.Equal(new Exception?[] { null, null, null }, g.Exceptions);
        Assert.Equal(2, g.Result); // completed: the first to end
        Assert.Null(g.Exception);
        Assert.All(g.Tasks, t => Assert.True(t.Terminated));
        Assert.Equal(g.Tasks.OrderBy(t => t.Id), g.Tasks);
    }

    [Fact]
    public async Task Join_all_returns_at_the_first_failure_and_cancels_the_rest_with_TaskCancelled()
    {
        var k = NewKernel();
        var log = new List<string>();
        var boom = new BoomException("boom");
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            var ok = g.Spawn(async () => { await Yields(1); return 10; });
            g.Spawn(Sleeper(log, "s1"));
            g.Spawn(async () => { await Yields(3); throw boom; });
            g.Spawn(Sleeper(log, "s2"));
            await g.JoinAsync(); // never raises the child's error
            log.Add("joined");
            return g;
        });
        Assert.Equal(new[] { "s1 TaskCancelled", "s1 cleaned", "s2 TaskCancelled", "s2 cleaned", "joined" }, log);
        Assert.Equal(10, g.Result); // completed is the first task to end, here a success (Curio)
        Assert.Null(g.Exception);
        var ex = g.Exceptions;
        Assert.Null(ex[0]);
        Assert.IsType<TaskCancelled>(ex[1]);
        Assert.Same(boom, ex[2]);
        Assert.IsType<TaskCancelled>(ex[3]);
        Assert.Throws<TaskCancelled>(() => g.Results); // the first failing task in id order
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task A_task_cancelled_by_someone_else_counts_as_a_failure_under_all()
    {
        var k = NewKernel();
        var log = new List<string>();
        var (g, victim) = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            var victim = g.Spawn(Sleeper(log, "victim"));
            g.Spawn(Sleeper(log, "other"));
            Spawn(async () => { await Yields(2); await victim.CancelAsync(); });
            await g.JoinAsync();
            return (g, victim);
        });
        Assert.Equal(new[] { "victim TaskCancelled", "victim cleaned", "other TaskCancelled", "other cleaned" }, log);
        Assert.IsType<TaskCancelled>(g.Exception);
        Assert.Same(victim, g.Completed);
    }

    [Fact]
    public async Task Join_any_returns_at_the_first_task_to_end_and_cancels_and_waits_for_the_others()
    {
        var k = NewKernel();
        var log = new List<string>();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup(GroupWait.Any);
            g.Spawn(Sleeper(log, "a"));
            var fast = g.Spawn(async () => { await Yields(2); return "fast"; });
            g.Spawn(Sleeper(log, "b"));
            await g.JoinAsync();
            log.Add("joined");
            Assert.Same(fast, g.Completed);
            return g;
        });
        Assert.Equal(new[] { "a TaskCancelled", "a cleaned", "b TaskCancelled", "b cleaned", "joined" }, log);
        Assert.Equal("fast", g.Result);
        Assert.Throws<TaskCancelled>(() => g.Results);
        Assert.Equal(3, g.Exceptions.Count);
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task Join_any_also_stops_at_a_failure()
    {
        var k = NewKernel();
        var g = await RunIn(k, async () =>
        {
            await using var g = new TaskGroup(GroupWait.Any);
            g.Spawn(async () => { await Yields(1); throw new BoomException("first"); });
            g.Spawn(async () => { await Yields(3); return 1; });
            await g.JoinAsync();
            return g;
        });
        Assert.Equal("first", Assert.IsType<BoomException>(g.Exception).Message);
    }

    [Fact]
    public async Task Join_object_skips_null_results_and_stops_at_the_first_object()
    {
        var k = NewKernel();
        var log = new List<string>();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup(GroupWait.Object);
            g.Spawn<string?>(async () => { await Yields(1); return null; });
            g.Spawn<string?>(async () => { await Yields(2); return "answer"; });
            g.Spawn(Sleeper(log, "s"));
            await g.JoinAsync();
            return g;
        });
        Assert.Equal("answer", g.Result);
        Assert.Equal(new[] { "s TaskCancelled", "s cleaned" }, log);
    }

    [Fact]
    public async Task Join_object_waits_for_all_when_every_task_returns_null()
    {
        var k = NewKernel();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup(GroupWait.Object);
            for (var i = 1; i <= 3; i++)
            {
                var n = i;
                g.Spawn<string?>(async () => { await Yields(n); return null; });
            }
            await g.JoinAsync();
            return g;
        });
        Assert.Null(g.Completed);
        Assert.Null(g.Exception);
        Assert.Equal("No task successfully completed.", Assert.Throws<InvalidOperationException>(() => g.Result).Message);
        Assert.Equal(new object?[] { null, null, null }, g.Results);
        Assert.All(g.Tasks, t => Assert.False(t.Cancelled));
    }

    [Fact]
    public async Task Join_none_returns_at_once_and_cancels_everything()
    {
        var k = NewKernel();
        var log = new List<string>();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup(GroupWait.None);
            g.Spawn(Sleeper(log, "a"));
            g.Spawn(Sleeper(log, "b"));
            await Sleep(TimeSpan.Zero);
            await g.JoinAsync();
            return g;
        });
        Assert.Equal(new[] { "a TaskCancelled", "a cleaned", "b TaskCancelled", "b cleaned" }, log);
        Assert.Null(g.Completed);
        Assert.All(g.Exceptions, e => Assert.IsType<TaskCancelled>(e));
    }

    [Fact]
    public async Task Daemons_are_not_waited_for_are_cancelled_at_join_and_their_failures_are_ignored()
    {
        var k = NewKernel();
        var log = new List<string>();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            g.Spawn(Sleeper(log, "daemon"), daemon: true);
            g.Spawn(async () => { await Yields(1); throw new BoomException("daemon failure"); }, daemon: true);
            g.Spawn(async () => { await Yields(3); return 7; });
            Assert.Single(g.Tasks);
            Assert.Equal(2, g.Daemons.Count);
            await g.JoinAsync();
            return g;
        });
        Assert.Equal(new[] { "daemon TaskCancelled", "daemon cleaned" }, log);
        Assert.Equal(new object?[] { 7 }, g.Results);
        Assert.Equal(7, g.Result);
        Assert.Empty(g.Daemons);
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task NextDone_returns_tasks_in_completion_order_and_removes_them()
    {
        var k = NewKernel();
        var order = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            var a = g.Spawn(async () => { await Yields(3); return "a"; });
            var b = g.Spawn(async () => { await Yields(1); return "b"; });
            var c = g.Spawn(async () => { await Yields(2); return "c"; });
            var done = new List<string>();
            while (await g.NextDoneAsync() is { } t)
            {
                done.Add((string)t.Result!);
                Assert.DoesNotContain(t, g.Tasks);
            }
            Assert.Null(await g.NextDoneAsync());
            await g.JoinAsync();
            Assert.Empty(g.Results);
            return done;
        });
        Assert.Equal(new[] { "b", "c", "a" }, order);
    }

    [Fact]
    public async Task NextResult_rethrows_the_original_exception_and_fails_on_an_empty_group()
    {
        var k = NewKernel();
        var boom = new BoomException("x");
        await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            g.Spawn(async () => { await Yields(1); return 5; });
            g.Spawn(async () => { await Yields(2); throw boom; });
            Assert.Equal(5, await g.NextResultAsync());
            Assert.Same(boom, await Assert.ThrowsAsync<BoomException>(async () => await g.NextResultAsync()));
            var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await g.NextResultAsync());
            Assert.Equal("No task available.", e.Message);
            await g.JoinAsync();
            return 0;
        });
    }

    [Fact]
    public async Task Async_iteration_yields_tasks_as_they_end_and_leaves_no_results()
    {
        var k = NewKernel();
        var (order, g) = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            for (var i = 0; i < 5; i++)
            {
                var n = 5 - i;
                g.Spawn(async () => { await Yields(n); return n; });
            }
            var order = new List<int>();
            await foreach (var t in g) order.Add((int)t.Result!);
            await g.JoinAsync();
            return (order, g);
        });
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, order);
        Assert.Empty(g.Results);
    }

    [Fact]
    public async Task CancelRemaining_cancels_running_tasks_waits_and_removes_them_but_spares_daemons()
    {
        var k = NewKernel();
        var log = new List<string>();
        await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            await g.CancelRemainingAsync(); // safe on an empty group
            var done = g.Spawn(async () => { await Yields(1); return 1; });
            g.Spawn(Sleeper(log, "a"));
            g.Spawn(Sleeper(log, "b"));
            g.Spawn(Sleeper(log, "d"), daemon: true);
            await Yields(3);
            await g.CancelRemainingAsync();
            log.Add("remaining cancelled");
            Assert.Equal(new[] { done }, g.Tasks);
            Assert.Single(g.Daemons);
            await g.JoinAsync();
            Assert.Equal(new object?[] { 1 }, g.Results);
            return 0;
        });
        // non-blocking requests first, then the waits: both cancellations land before either cleanup finishes
        Assert.Equal(new[] { "a TaskCancelled", "b TaskCancelled", "a cleaned", "b cleaned", "remaining cancelled", "d TaskCancelled", "d cleaned" }, log);
    }

    [Fact]
    public async Task AddTask_adopts_existing_tasks_and_refuses_tasks_already_in_a_group()
    {
        var k = NewKernel();
        await RunIn(k, async () =>
        {
            var finished = Spawn(async () => { await Task.CompletedTask; return 1; });
            var running = Spawn(async () => { await Yields(3); return 2; });
            await Yields(1);
            Assert.True(finished.Terminated);
            var g = new TaskGroup(new CurioTask[] { finished });
            g.AddTask(running);
            Assert.Equal(new CurioTask[] { finished, running }, g.Tasks);
            Assert.Equal("Task " + running.Id + " (" + running.Name + ") is already part of a task group.",
                Assert.Throws<InvalidOperationException>(() => g.AddTask(running)).Message);
            var other = new TaskGroup();
            Assert.Throws<InvalidOperationException>(() => other.AddTask(finished));
            Assert.Throws<ArgumentException>(() => new TaskGroup(new[] { running }));
            Assert.Same(finished, await g.NextDoneAsync()); // already finished: first in completion order
            await g.JoinAsync();
            Assert.Equal(new object?[] { 2 }, g.Results);
            Assert.Throws<InvalidOperationException>(() => g.AddTask(Spawn(() => Task.CompletedTask)));
            Assert.Throws<InvalidOperationException>(() => g.Spawn(() => Task.CompletedTask));
            await other.JoinAsync();
            return 0;
        });
    }

    [Fact]
    public async Task Results_and_result_are_unavailable_before_the_join()
    {
        var k = NewKernel();
        await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            g.Spawn(() => Task.CompletedTask);
            Assert.Throws<InvalidOperationException>(() => g.Result);
            Assert.Throws<InvalidOperationException>(() => g.Exception);
            Assert.Throws<InvalidOperationException>(() => g.Results);
            Assert.Throws<InvalidOperationException>(() => g.Exceptions);
            await g.JoinAsync();
            Assert.Null(g.Exception);
            return 0;
        });
    }

    [Fact]
    public async Task A_failed_task_joined_explicitly_leaves_the_group_and_no_longer_stops_it()
    {
        var k = NewKernel();
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            var bad = g.Spawn(async () => { await Yields(1); throw new BoomException("joined early"); });
            var slow = g.Spawn(async () => { await Yields(4); return "slow"; });
            await Assert.ThrowsAsync<TaskError>(async () => await bad.JoinAsync());
            Assert.Equal(new CurioTask[] { slow }, g.Tasks);
            await g.JoinAsync();
            Assert.False(slow.Cancelled); // the failure did not stop the group
            return g;
        });
        Assert.Equal(new object?[] { "slow" }, g.Results);
    }

    [Fact]
    public async Task A_join_cancelled_from_outside_cancels_and_waits_for_every_child()
    {
        var k = NewKernel();
        var log = new List<string>();
        TaskGroup? group = null;
        var joiner = k.Spawn(async () =>
        {
            group = new TaskGroup();
            group.Spawn(Sleeper(log, "a"));
            group.Spawn(Sleeper(log, "d"), daemon: true);
            try { await group.JoinAsync(); }
            catch (TaskCancelled) { log.Add("joiner cancelled"); throw; }
        });
        Until(() => joiner.State == "SEMA_ACQUIRE");
        await joiner.CancelAsync().AsTask().WaitAsync(Limit);
        Assert.Equal(new[] { "a TaskCancelled", "a cleaned", "d TaskCancelled", "d cleaned", "joiner cancelled" }, log);
        Assert.IsType<TaskCancelled>(joiner.Exception);
        Assert.True(group!.Joined);
        Assert.Empty(k.Tasks);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_join_under_a_timeout_raises_TaskTimeout_while_children_only_see_TaskCancelled(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var joiner = k.Spawn(async () =>
        {
            var g = new TaskGroup();
            for (var i = 0; i < 3; i++)
            {
                var name = "c" + i;
                g.Spawn(async () =>
                {
                    try { await Sleep(Forever); }
                    catch (CancelledError e) { log.Enqueue(name + " " + e.GetType().Name); throw; }
                });
            }
            g.Spawn(async () => { try { await Sleep(Forever); } catch (CancelledError e) { log.Enqueue("daemon " + e.GetType().Name); throw; } }, daemon: true);
            try { await TimeoutAfter(S(5), async () => await g.JoinAsync()); }
            catch (TaskTimeout) { log.Enqueue("joiner TaskTimeout"); }
            Assert.True(g.Joined);
            Assert.All(g.Exceptions, e => Assert.IsType<TaskCancelled>(e));
        });
        ParkedThenAdvance(joiner, "SEMA_ACQUIRE", S(5));
        await joiner.Completion.WaitAsync(Limit);
        Assert.Equal(new[] { "c0 TaskCancelled", "c1 TaskCancelled", "c2 TaskCancelled", "daemon TaskCancelled", "joiner TaskTimeout" }, log);
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task Await_using_cancels_the_rest_when_the_body_throws_and_the_exception_propagates()
    {
        var k = NewKernel();
        var log = new List<string>();
        TaskGroup? group = null;
        var e = await Assert.ThrowsAsync<BoomException>(() => RunIn(k, async () =>
        {
            await using var g = new TaskGroup();
            group = g;
            g.Spawn(Sleeper(log, "a"));
            g.Spawn(Sleeper(log, "d"), daemon: true);
            await Yields(1);
            throw new BoomException("body");
#pragma warning disable CS0162
            await g.JoinAsync();
            return 0;
#pragma warning restore CS0162
        }));
        Assert.Equal("body", e.Message);
        Assert.Equal(new[] { "a TaskCancelled", "a cleaned", "d TaskCancelled", "d cleaned" }, log);
        Assert.True(group!.Joined);
        Assert.Empty(group.Tasks); // cancel_remaining removed them
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task Await_using_with_an_explicit_join_is_the_normal_path()
    {
        var k = NewKernel();
        var results = await RunIn(k, async () =>
        {
            await using var g = new TaskGroup();
            g.Spawn(async () => { await Yields(2); return 1; });
            g.Spawn(async () => { await Yields(1); return 2; });
            await g.JoinAsync();
            return g.Results;
        });
        Assert.Equal(new object?[] { 1, 2 }, results);
    }

    [Fact]
    public async Task RunAsync_joins_on_a_normal_exit_and_cleans_up_and_rethrows_when_the_body_throws()
    {
        var k = NewKernel();
        var log = new List<string>();
        var g = await RunIn(k, () => TaskGroup.RunAsync(async g =>
        {
            g.Spawn(async () => { await Yields(2); return "x"; });
            await Task.CompletedTask;
        }));
        Assert.Equal(new object?[] { "x" }, g.Results);

        var e = await Assert.ThrowsAsync<BoomException>(() => RunIn(k, () => TaskGroup.RunAsync(async g =>
        {
            g.Spawn(Sleeper(log, "a"));
            await Yields(1);
            throw new BoomException("inner");
        })));
        Assert.Equal("inner", e.Message);
        Assert.Equal(new[] { "a TaskCancelled", "a cleaned" }, log);
    }

    [Fact]
    public async Task The_actor_tree_shows_group_membership_and_the_group_actor_stops_after_join()
    {
        var k = NewKernel();
        var (paths, groupActor) = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            var a = g.Spawn(() => Sleep(S(1)).AsTask());
            var b = g.Spawn(() => Sleep(S(1)).AsTask());
            var loose = Spawn(() => Sleep(S(1)).AsTask());
            var paths = new[] { a.Actor.Path, b.Actor.Path, loose.Actor.Path, g.Actor!.Path };
            await g.CancelRemainingAsync();
            await loose.CancelAsync();
            await g.JoinAsync();
            return (paths, g.Actor!);
        });
        Assert.Equal(k.KernelActor.Path, paths[3].Parent);
        Assert.StartsWith("group-", paths[3].Name);
        Assert.Equal(paths[3], paths[0].Parent);
        Assert.Equal(paths[3], paths[1].Parent);
        Assert.Matches("^task-[0-9]+$", paths[0].Name);
        Assert.Equal(k.KernelActor.Path, paths[2].Parent); // a task outside groups stays a pooled child of the kernel
        Watch(groupActor);
        ExpectTerminated(groupActor, Limit);
    }

    [Fact]
    public async Task Many_group_tasks_in_parallel_mode_lose_nothing()
    {
        var k = NewKernel(SchedulingMode.Parallel);
        var g = await RunIn(k, async () =>
        {
            var g = new TaskGroup();
            for (var i = 1; i <= 500; i++)
            {
                var n = i;
                g.Spawn(async () => { await Sleep(TimeSpan.Zero); return n; });
            }
            await g.JoinAsync();
            return g;
        });
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (object?)i), g.Results);
        Assert.Empty(k.Tasks);
    }
}
