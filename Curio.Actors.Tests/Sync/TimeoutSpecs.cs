using Akka.Actor;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Sync;

/// <summary>Every blocking wait of every primitive is a cancellation point that honours timeouts.</summary>
public class TimeoutSpecs : SyncSpec
{
    /// <summary>A primitive set up so that the operation blocks, and the state its waiter shows.</summary>
    public static TheoryData<string> Cases => new()
    {
        "lock", "rlock", "semaphore", "condition-wait", "event", "result", "universal-event", "universal-result",
        "queue-get", "queue-put", "queue-join", "lifo-get", "priority-put", "universal-get", "universal-put", "universal-join",
    };

    private static async Task<(Func<Task> Op, string State)> Blocked(string name)
    {
        switch (name)
        {
            case "lock": { var l = new CurioLock(); await l.AcquireAsync(); return (async () => await l.AcquireAsync(), "LOCK_ACQUIRE"); }
            case "rlock": { var r = new RLock(); Spawn(async () => { await r.AcquireAsync(); await Sleep(S(100)); }, daemon: true); await Sleep(TimeSpan.Zero); return (async () => await r.AcquireAsync(), "LOCK_ACQUIRE"); }
            case "semaphore": { var s = new CurioSemaphore(0); return (async () => await s.AcquireAsync(), "SEMA_ACQUIRE"); }
            case "condition-wait": { var c = new Condition(); return (async () => { await using (await c.AcquireAsync()) await c.WaitAsync(); }, "COND_WAIT"); }
            case "event": { var e = new Event(); return (async () => await e.WaitAsync(), "EVENT_WAIT"); }
            case "result": { var r = new Result<int>(); return (async () => await r.UnwrapAsync(), "EVENT_WAIT"); }
            case "universal-event": { var e = new UniversalEvent(); return (async () => await e.WaitAsync(), "FUTURE_WAIT"); }
            case "universal-result": { var r = new UniversalResult<int>(); return (async () => await r.UnwrapAsync(), "FUTURE_WAIT"); }
            case "queue-get": { var q = new CurioQueue<int>(); return (async () => await q.GetAsync(), "QUEUE_GET"); }
            case "queue-put": { var q = new CurioQueue<int>(1); await q.PutAsync(0); return (async () => await q.PutAsync(1), "QUEUE_PUT"); }
            case "queue-join": { var q = new CurioQueue<int>(); await q.PutAsync(0); return (async () => await q.JoinAsync(), "QUEUE_JOIN"); }
            case "lifo-get": { var q = new LifoQueue<int>(); return (async () => await q.GetAsync(), "QUEUE_GET"); }
            case "priority-put": { var q = new PriorityQueue<int>(1); await q.PutAsync(0); return (async () => await q.PutAsync(1), "QUEUE_PUT"); }
            case "universal-get": { var q = new UniversalQueue<int>(); return (async () => await q.GetAsync(), "FUTURE_WAIT"); }
            case "universal-put": { var q = new UniversalQueue<int>(1); await q.PutAsync(0); return (async () => await q.PutAsync(1), "FUTURE_WAIT"); }
            default: { var q = new UniversalQueue<int>(); await q.PutAsync(0); return (async () => await q.JoinAsync(), "FUTURE_WAIT"); }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_blocked_wait_times_out_and_is_cancellable(string name)
    {
        await Run(async () =>
        {
            var (op, state) = await Blocked(name);
            var timed = Spawn(() => TimeoutAfter(S(1), op));
            await Parked(state, timed);
            Time.Advance(S(1));
            var e = await Assert.ThrowsAsync<TaskError>(async () => await timed.JoinAsync());
            Assert.IsType<TaskTimeout>(e.InnerException);

            var cancelled = Spawn(op);
            await Parked(state, cancelled);
            await cancelled.CancelAsync();
            Assert.IsType<TaskCancelled>(cancelled.Exception);
        });
    }

    [Fact]
    public async Task Items_from_a_thread_reach_a_task_in_order_as_seen_by_a_probe()
    {
        var k = NewKernel(virtualTime: false);
        var q = new UniversalQueue<int>(maxSize: 2);
        var probe = CreateTestProbe();
        var consumer = k.Spawn(async () =>
        {
            for (var i = 0; i < 5; i++) probe.Ref.Tell(await q.GetAsync(), ActorRefs.NoSender);
        });
        var producer = new Thread(() => { for (var i = 0; i < 5; i++) q.Put(i * 10); });
        producer.Start();
        foreach (var expected in new[] { 0, 10, 20, 30, 40 }) probe.ExpectMsg(expected, Limit);
        Assert.True(producer.Join(Limit));
        await consumer.Completion.WaitAsync(Limit);
    }
}
