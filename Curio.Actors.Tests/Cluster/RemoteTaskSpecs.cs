using System.Collections.Concurrent;
using Akka.Actor;
using Curio.Actors.Remote;
using Curio.Actors.Remote.TestPeer;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Cluster;

/// <summary>Tasks spawned on another cluster node (two nodes in this process, each with its own kernel).</summary>
public sealed class RemoteTaskSpecs : TwoNodeSpec
{
    private Kernel _onA = null!, _onB = null!;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task DisposeAsync()
    {
        foreach (var k in new[] { _onA, _onB })
            if (k is not null && !k.System.WhenTerminated.IsCompleted) await k.ShutdownAsync().WaitAsync(Limit);
        await base.DisposeAsync();
    }

    private static async Task<int> Add(int x, int y)
    {
        await Sleep(TimeSpan.Zero);
        return x + y;
    }

    private static async Task FailDeep(string why)
    {
        await Sleep(TimeSpan.Zero);
        throw new InvalidOperationException(why);
    }

    private void Start(SchedulingMode mode)
    {
        _onA = Kernel.Create(A, new KernelOptions { Scheduling = mode });
        _onB = Kernel.Create(B, new KernelOptions { Scheduling = mode });
        _onB.RegisterTask("add", Add);                                          // a method group
        _onB.RegisterTask("fail", FailDeep);
        _onB.RegisterTask("sum", (object?[] xs) => xs.Sum(x => Convert.ToInt64(x)));   // a plain value, all arguments
        _onB.RegisterTask("where", () => new ValueTask<string>(CurrentTask.Name));   // ValueTask<T>
        _onB.RegisterTask("sleep", async (double seconds) =>
        {
            _log.Enqueue("started");
            _started.TrySetResult();
            try { await Sleep(TimeSpan.FromSeconds(seconds)); }
            catch (CancelledError e) { _log.Enqueue("remote " + e.GetType().Name); throw; }
            _log.Enqueue("slept");
            return "done";
        });
    }

    private Address NodeB => AddressOf(B);

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_remote_task_joins_fails_and_is_found_like_a_local_one(SchedulingMode mode)
    {
        Start(mode);
        var r = await RunIn(_onA, async () =>
        {
            var add = _onA.SpawnRemote(NodeB, "add", 2, 3);
            var anyAdd = _onA.SpawnRemote(RemoteTasks.AnyNode, "add", 40L, 2);      // long converted to the int parameter
            var sum = _onA.SpawnRemote(NodeB.ToString(), "sum", 1, 2L, 3.0);
            var where = _onA.SpawnRemote(NodeB, "where");
            var fail = _onA.SpawnRemote(NodeB, "fail", "boom");
            var unknown = _onA.SpawnRemote(NodeB, "no-such-task");
            var failed = await Assert.ThrowsAsync<TaskError>(async () => await fail.JoinAsync());
            var missing = await Assert.ThrowsAsync<TaskError>(async () => await unknown.JoinAsync());
            return (await add.JoinAsync(), await anyAdd.JoinAsync(), await sum.JoinAsync(), await where.JoinAsync(),
                    add.ParentId == CurrentTask.Id, failed.InnerException, missing.InnerException);
        });
        Assert.Equal(5, r.Item1);
        Assert.Equal(42, r.Item2);
        Assert.Equal(6L, r.Item3);
        Assert.Equal("where", r.Item4);
        Assert.True(r.Item5);
        var remote = Assert.IsType<RemoteException>(r.Item6);
        Assert.Equal("System.InvalidOperationException", remote.RemoteType);
        Assert.Equal("boom", remote.RemoteMessage);
        Assert.Contains(nameof(FailDeep), remote.RemoteStackTrace);                   // the remote stack trace
        Assert.Equal("System.Collections.Generic.KeyNotFoundException", Assert.IsType<RemoteException>(r.Item7).RemoteType);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancel_wait_and_timeouts_work_on_a_remote_task_as_on_a_local_one(SchedulingMode mode)
    {
        Start(mode);
        var r = await RunIn(_onA, async () =>
        {
            var t = _onA.SpawnRemote(NodeB, "sleep", 30.0);
            // a timeout around the join times out the joiner, not the remote task
            var timedOut = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(TimeSpan.FromMilliseconds(300), async () => await t.JoinAsync()));
            var stillRunning = !t.Terminated;
            await t.CancelAsync();                                              // lands at the remote Sleep
            var join = await Assert.ThrowsAsync<TaskError>(async () => await t.JoinAsync());
            var quick = _onA.SpawnRemote(NodeB, "sleep", 0.05);
            await quick.WaitAsync();
            return (stillRunning, t.Cancelled, join.InnerException, quick.Result);
        });
        Assert.True(r.stillRunning);
        Assert.True(r.Cancelled);
        Assert.IsType<TaskCancelled>(r.InnerException);
        Assert.Equal("done", r.Result);
        Assert.Equal(new[] { "started", "remote TaskCancelled", "started", "slept" }, _log);
    }

    [Fact]
    public async Task A_task_group_holds_remote_tasks_beside_local_ones()
    {
        Start(SchedulingMode.Sequential);
        await RunIn(_onB, async () =>
        {
            _onB.RegisterTask("seven", () => 7);                            // registering from inside a task works too
            await Sleep(TimeSpan.Zero);
            return 0;
        });
        var r = await RunIn(_onA, async () =>
        {
            Assert.Equal(7, await _onA.SpawnRemote(NodeB, "seven").JoinAsync());
            // wait=Any: the remote add ends first; the local sleeper and the remote sleeper are cancelled
            var g = new TaskGroup(GroupWait.Any);
            var local = g.Spawn(async () => { await Sleep(TimeSpan.FromSeconds(30)); return "local"; });
            var slow = g.SpawnRemote(NodeB.ToString(), "sleep", 30.0);
            await Async.Await(_started.Task);
            var fast = g.SpawnRemote(NodeB.ToString(), "add", 1, 1);
            await g.JoinAsync();
            return (g.Completed == fast, g.Result, local.Exception, slow.Exception, slow.Cancelled);
        });
        Assert.True(r.Item1);
        Assert.Equal(2, r.Result);
        Assert.IsType<TaskCancelled>(r.Item3);
        Assert.IsType<TaskCancelled>(r.Item4);
        AwaitCondition(() => _log.Contains("remote TaskCancelled"), Limit);      // it ended on its node too
    }

    [Fact]
    public async Task A_node_that_goes_ends_its_handles_with_ConnectionError_and_its_callers_tasks()
    {
        Start(SchedulingMode.Sequential);
        var t = _onA.SpawnRemote(NodeB, "sleep", 30.0);
        AwaitCondition(() => _log.Contains("started"), Limit);
        await B.Terminate().WaitAsync(Limit);                                  // orderly: its connections end first
        var e = await Assert.ThrowsAsync<ConnectionError>(() => t.Completion.WaitAsync(Limit));
        Assert.Contains("sleep", e.Message);
    }

    [Fact]
    public async Task A_remote_task_is_cancelled_when_its_callers_node_goes()
    {
        Start(SchedulingMode.Sequential);
        _onA.SpawnRemote(NodeB, "sleep", 30.0);
        await _started.Task.WaitAsync(Limit);
        await A.Terminate().WaitAsync(Limit);
        AwaitCondition(() => _log.Contains("remote TaskCancelled"), Limit);     // no orphan left on B
        Assert.DoesNotContain("slept", _log);
    }
}
