using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Groups;

/// <summary>TaskGroup&lt;T&gt; (typed results) and TaskGroup.RunAsync(tasks, body, wait) (a block over existing tasks).</summary>
public class TypedTaskGroupSpecs : KernelSpec
{
    private sealed class BoomException(string m) : Exception(m);

    private static async Task<int> After(double seconds, int value)
    {
        await Sleep(S(seconds));
        return value;
    }

    private static async ValueTask<int> Sum3(int a, int b, int c)
    {
        await Sleep(S(1));
        return a + b + c;
    }

    [Fact]
    public async Task Typed_group_spawns_ValueTask_method_groups_and_three_arguments()
    {
        var k = NewKernel();
        var results = await RunIn(k, async () =>
        {
            var q = new CurioQueue<int>();
            await using var g = new TaskGroup<int>();
            g.Spawn(q.GetAsync);                           // Func<ValueTask<int>>: Curio's g.spawn(q.get)
            g.Spawn(Sum3, 1, 2, 3);                        // a ValueTask method group with three arguments
            g.Spawn((a, b, c) => Task.FromResult(a * b * c), 2, 3, 4);
            await q.PutAsync(5);
            await g.JoinAsync();
            return g.Results;
        });
        Assert.Equal([5, 6, 24], results);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Typed_group_gives_typed_results_in_task_id_order_and_the_first_completed(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var (results, first, next, tasks) = await RunIn<(IReadOnlyList<int>, int, string, (string, List<int>))>(k, async () =>
        {
            var g = await TaskGroup<int>.RunAsync(async g =>
            {
                g.Spawn(() => After(3, 30));
                g.Spawn(After, 1.0, 10);          // method group plus argument, as Curio's g.spawn(coro, arg)
                g.Spawn(() => After(2, 20));
                await Task.CompletedTask;
            });
            IReadOnlyList<int> results = g.Results;   // no cast from object?
            int first = g.Result;
            var g2 = new TaskGroup<string>();
            g2.Spawn(async () => { await Sleep(S(2)); return "late"; });
            g2.Spawn(async () => { await Sleep(S(1)); return "early"; });
            string next = await g2.NextResultAsync();
            CurioTask<string>? done = await g2.NextDoneAsync();
            await g2.JoinAsync();
            return (results, first, next, (done!.Result, g.Tasks.Select(t => t.Result).ToList()));
        });
        Assert.Equal(new[] { 30, 10, 20 }, results);
        Assert.Equal(10, first);
        Assert.Equal("early", next);
        Assert.Equal("late", tasks.Item1);
        Assert.Equal(new[] { 30, 10, 20 }, tasks.Item2);
        Assert.Equal(S(3 + 2), Time.Elapsed);   // the first group, then the second
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Typed_group_iterates_typed_tasks_as_they_end(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var order = await RunIn(k, async () =>
        {
            await using var g = new TaskGroup<int>();
            g.Spawn(() => After(2, 2));
            g.Spawn(() => After(1, 1));
            var seen = new List<int>();
            await foreach (CurioTask<int> t in g) seen.Add(t.Result);
            await g.JoinAsync();
            return seen;
        });
        Assert.Equal(new[] { 1, 2 }, order);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Typed_Result_rethrows_the_failure_of_the_completed_task(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var boom = new BoomException("boom");
        var g = await RunIn(k, async () => await TaskGroup<int>.RunAsync(async g =>
        {
            g.Spawn(async () => { await Sleep(S(1)); throw boom; });
            g.Spawn(() => After(5, 5));
            await Task.CompletedTask;
        }, GroupWait.Any));
        Assert.Same(boom, g.Exception);
        Assert.Same(boom, Assert.Throws<BoomException>(() => g.Result));
        Assert.IsType<TaskCancelled>(g.Exceptions[1]);
        Assert.Equal(S(1), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task RunAsync_over_existing_tasks_joins_them_under_the_policy_and_cancels_the_rest(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var log = new List<string>();
        var (g, inside) = await RunIn(k, async () =>
        {
            var slow = Spawn(async () =>
            {
                try { return await After(10, 10); }
                catch (CancelledError e) { lock (log) log.Add("slow " + e.GetType().Name); throw; }
            });
            var fast = Spawn(() => After(1, 1));
            var seenInside = 0;
            var g = await TaskGroup.RunAsync([slow, fast], async g =>
            {
                seenInside = g.Tasks.Count;
                await Task.CompletedTask;
            }, GroupWait.Any);
            return (g, seenInside);
        });
        Assert.Equal(2, inside);
        Assert.Equal(1, g.Result);
        Assert.True(g.Joined);
        Assert.Equal(new[] { "slow TaskCancelled" }, log);
        Assert.Equal(S(1), Time.Elapsed);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task RunAsync_over_existing_typed_tasks_cancels_them_when_the_body_throws(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var boom = new BoomException("body");
        var (thrown, a, b) = await RunIn<(Exception?, CurioTask<int>, CurioTask<int>)>(k, async () =>
        {
            var a = Spawn(() => After(10, 1));
            var b = Spawn(() => After(20, 2));
            try
            {
                await TaskGroup<int>.RunAsync([a, b], async g => { await Sleep(S(1)); throw boom; });
                return ((Exception?)null, a, b);
            }
            catch (BoomException e)
            {
                return (e, a, b);
            }
        });
        Assert.Same(boom, thrown);
        Assert.IsType<TaskCancelled>(a.Exception);
        Assert.IsType<TaskCancelled>(b.Exception);
        Assert.Equal(S(1), Time.Elapsed);
    }

    private static async Task SpawnTwo(TaskGroup<int> g)
    {
        g.Spawn(() => After(2, 2));
        g.Spawn(() => After(1, 1));
        await Sleep(S(0.5));
    }

    private static async Task SpawnOne(TaskGroup g)
    {
        g.Spawn(() => After(1, 1));
        await Sleep(S(0.5));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task RunAsync_takes_method_groups(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var (typed, untyped) = await RunIn(k, async () =>
        {
            var typed = await TaskGroup<int>.RunAsync(SpawnTwo, GroupWait.Any);
            var untyped = await TaskGroup.RunAsync(SpawnOne);
            return (typed.Result, untyped.Results.Single());
        });
        Assert.Equal(1, typed);
        Assert.Equal(1, untyped);
        Assert.Equal(S(1 + 1), Time.Elapsed);
    }

    [Fact]
    public async Task A_task_already_in_a_group_is_refused_by_RunAsync()
    {
        var k = NewKernel();
        var e = await RunIn(k, async () =>
        {
            var t = Spawn(() => After(1, 1));
            await using var first = new TaskGroup<int>([t]);
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => TaskGroup.RunAsync([t], _ => Task.CompletedTask));
            await first.JoinAsync();
            return refused;
        });
        Assert.Contains("already part of a task group", e.Message);
    }
}
