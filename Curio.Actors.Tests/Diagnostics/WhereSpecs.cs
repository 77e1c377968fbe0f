using System.Runtime.CompilerServices;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Diagnostics;

/// <summary>
/// Tasks that explain themselves: Where() names the user's await a parked task waits in, Traceback() its chain of
/// async frames, Snapshot() its state, what it waits on and the time left; primitives show their state in ToString.
/// On a hand-driven virtual clock, so every wait stays parked until the spec moves time.
/// </summary>
public class WhereSpecs : KernelSpec
{
    protected override bool AutoJump => false;

    private static int Here([CallerLineNumber] int line = 0) => line;
    private static string ThisFile([CallerFilePath] string file = "") => file;

    private static int s_sleepLine, s_outerLine;

    private static async Task Inner() { s_sleepLine = Here(); await Sleep(S(10)); }

    private static async Task Outer() { s_outerLine = Here(); await Inner(); }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Where_is_the_users_await_and_traceback_the_chain_down_to_it(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var t = k.Spawn(Outer);
        AwaitCondition(() => t.State == "TIME_SLEEP", Limit);

        var where = t.Where();
        Assert.NotNull(where);
        Assert.Equal(ThisFile(), where!.File);
        Assert.Equal(s_sleepLine, where.Line);
        Assert.Equal("WhereSpecs.Inner", where.Method);

        var frames = t.Frames();
        Assert.Equal(["WhereSpecs.Outer", "WhereSpecs.Inner"], frames.Select(f => f.Method));
        Assert.Equal(s_outerLine, frames[0].Line);
        var tb = t.Traceback().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Equal($"  File \"{ThisFile()}\", line {s_outerLine}, in WhereSpecs.Outer", tb[0]);
        Assert.Equal($"  File \"{ThisFile()}\", line {s_sleepLine}, in WhereSpecs.Inner", tb[1]);
        Assert.Equal("  TIME_SLEEP on sleep", tb[2]);
        Assert.Equal($"CurioTask(id={t.Id}, name=Outer, state=TIME_SLEEP) at WhereSpecs.Inner at {ThisFile()}:{s_sleepLine}", t.ToString());

        Time.Advance(S(10));
        await t.Completion.WaitAsync(Limit);
        Assert.Null(t.Where());
        Assert.Empty(t.Frames());
        Assert.Equal($"CurioTask(id={t.Id}, name=Outer, state=TERMINATED)", t.ToString());
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Where_skips_the_librarys_frames_inside_a_timeout(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var line = 0;
        var t = k.Spawn(async () => await TimeoutAfter(S(30), async () => { line = Here(); await Sleep(S(10)); }), name: "timed");
        AwaitCondition(() => t.State == "TIME_SLEEP", Limit);

        Assert.Equal(line, t.Where()!.Line);
        Assert.Equal(ThisFile(), t.Where()!.File);
        Assert.True(t.Frames().Count >= 2, t.Traceback()); // the spec's lambdas, and TimeoutAfter between them

        var s = t.Snapshot();
        Assert.Equal((t.Id, "timed", (long?)null, "TIME_SLEEP", "sleep"), (s.Id, s.Name, s.ParentId, s.State, s.WaitingOn));
        Assert.Equal(S(10), s.Sleep);
        Assert.Equal(S(30), s.Timeout);
        Assert.Equal(TimeSpan.Zero, s.TimeInState);
        Assert.Equal(1, s.Cycles);

        Time.Advance(S(4));
        s = t.Snapshot();
        Assert.Equal((S(6), S(26), S(4)), (s.Sleep!.Value, s.Timeout!.Value, s.TimeInState));
        Assert.Equal(s, Assert.Single(k.Snapshot()));

        Time.Advance(S(6));
        await t.Completion.WaitAsync(Limit);
        Assert.Empty(k.Snapshot());
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Snapshot_names_the_lock_queue_event_and_task_waited_on(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var lck = new CurioLock();
        var rl = new RLock();
        var q = new CurioQueue<int>(maxSize: 2);
        var ev = new Event();
        var sem = new BoundedSemaphore(1);
        CurioTask? lockWaiter = null, getter = null, evWaiter = null, joiner = null, semWaiter = null, rlWaiter = null;
        var parent = k.Spawn(async () =>
        {
            await lck.AcquireAsync();
            await sem.AcquireAsync();
            await rl.AcquireAsync();
            lockWaiter = Spawn(async () => { await using (await lck.AcquireAsync()) { } });
            getter = Spawn(async () => { await q.GetAsync(); });
            evWaiter = Spawn(async () => await ev.WaitAsync(), name: "evw");
            semWaiter = Spawn(async () => { await using (await sem.AcquireAsync()) { } });
            rlWaiter = Spawn(async () => { await using (await rl.AcquireAsync()) { } });
            joiner = Spawn(async () => await evWaiter.JoinAsync());
            await Sleep(S(1));
            lck.Release();
            sem.Release();
            rl.Release();
            await q.PutAsync(1);
            ev.Set();
            await joiner.JoinAsync();
        }, name: "parent");
        AwaitCondition(() => parent.State == "TIME_SLEEP" && joiner?.State == "TASK_JOIN" && rlWaiter?.State == "LOCK_ACQUIRE", Limit);

        var snaps = k.Snapshot().ToDictionary(s => s.Id);
        Assert.Equal(("LOCK_ACQUIRE", "CurioLock(locked, waiters=1)"), (snaps[lockWaiter!.Id].State, snaps[lockWaiter.Id].WaitingOn));
        Assert.Equal(("QUEUE_GET", "CurioQueue(size=0, maxsize=2, getters=1, putters=0)"), (snaps[getter!.Id].State, snaps[getter.Id].WaitingOn));
        Assert.Equal(("EVENT_WAIT", "Event(unset, waiters=1)"), (snaps[evWaiter!.Id].State, snaps[evWaiter.Id].WaitingOn));
        Assert.Equal(("SEMA_ACQUIRE", "BoundedSemaphore(value=0, bound=1, waiters=1)"), (snaps[semWaiter!.Id].State, snaps[semWaiter.Id].WaitingOn));
        Assert.Equal(("LOCK_ACQUIRE", $"RLock(locked by task {parent.Id} (parent), count=1, waiters=1)"), (snaps[rlWaiter!.Id].State, snaps[rlWaiter.Id].WaitingOn));
        Assert.Equal(("TASK_JOIN", $"task {evWaiter.Id} (evw)"), (snaps[joiner!.Id].State, snaps[joiner.Id].WaitingOn));
        Assert.All(new[] { lockWaiter, getter, evWaiter, semWaiter, rlWaiter, joiner }, c => Assert.Equal(parent.Id, snaps[c.Id].ParentId));
        Assert.Equal([parent.Id, lockWaiter.Id, getter.Id, evWaiter.Id, semWaiter.Id, rlWaiter.Id, joiner.Id], k.Snapshot().Select(s => s.Id));

        Time.Advance(S(1));
        await parent.Completion.WaitAsync(Limit);
        // The waiters take and give back what the parent handed them on their own actors (Parallel: after the parent).
        foreach (var c in new[] { lockWaiter, getter, semWaiter, rlWaiter }) await c.Completion.WaitAsync(Limit);
        Assert.Equal("CurioLock(unlocked, waiters=0)", lck.ToString());
        Assert.Equal("CurioQueue(size=0, maxsize=2, getters=0, putters=0)", q.ToString());
        Assert.Equal("Event(set, waiters=0)", ev.ToString());
        Assert.Equal("RLock(unlocked, waiters=0)", rl.ToString());
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Fact]
    public void Primitives_show_their_state()
    {
        var q = new PriorityQueue<int>();
        Assert.Equal("PriorityQueue(size=0, maxsize=0, getters=0, putters=0)", q.ToString());
        Assert.Equal("LifoQueue(size=0, maxsize=3, getters=0, putters=0)", new LifoQueue<string>(3).ToString());
        Assert.Equal("UniversalQueue(size=0, maxsize=0, getters=0, putters=0)", new UniversalQueue<int>().ToString());
        Assert.Equal("CurioSemaphore(value=2, waiters=0)", new CurioSemaphore(2).ToString());
        Assert.Equal("Condition(unlocked, waiters=0)", new Condition().ToString());
        Assert.Equal("UniversalEvent(unset)", new UniversalEvent().ToString());
    }
}
