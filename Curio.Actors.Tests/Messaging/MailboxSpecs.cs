using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Messaging;

public class MailboxSpecs : KernelSpec
{
    /// <summary>These specs drive virtual time by hand: tasks parked "forever" must stay parked while the test acts.</summary>
    public MailboxSpecs() => Time.AutoJump = false;

    /// <summary>Polls every 5 ms (the TestKit's default interval is a tenth of the limit).</summary>
    private void Until(Func<bool> condition) => AwaitCondition(condition, Limit, TimeSpan.FromMilliseconds(5));

    private void ParkedThenAdvance(CurioTask task, string state, TimeSpan by)
    {
        Until(() => task.State == state);
        Time.Advance(by);
    }

    private sealed record Ping(int N);

    [Fact]
    public async Task Messages_told_from_outside_arrive_once_in_order()
    {
        var k = NewKernel();
        var t = k.Spawn(async () =>
        {
            var got = new List<int>();
            for (var i = 0; i < 100; i++) got.Add(await ReceiveAsync<int>());
            return got;
        });
        for (var i = 0; i < 100; i++) t.Tell(i);
        Assert.Equal(Enumerable.Range(0, 100), await t.Completion.WaitAsync(Limit) as List<int>);
    }

    [Fact]
    public async Task A_receive_blocks_until_a_message_arrives_and_shows_the_state()
    {
        var k = NewKernel();
        var t = k.Spawn(async () => await ReceiveAsync<string>());
        Until(() => t.State == "MAILBOX_RECEIVE");
        t.Tell("hello");
        Assert.Equal("hello", await t.Completion.WaitAsync(Limit));
    }

    [Fact]
    public async Task Typed_and_filtered_receives_leave_other_messages_queued_in_order()
    {
        var k = NewKernel();
        var t = k.Spawn(async () =>
        {
            var got = new List<object>();
            got.Add(await ReceiveAsync<Ping>(p => p.N == 2)); // waits past 1, "a"
            got.Add(await ReceiveAsync<string>());
            got.Add(await ReceiveAsync<Ping>());
            got.Add(await ReceiveAsync<object>());
            return got;
        });
        t.Tell(new Ping(1));
        t.Tell("a");
        t.Tell(new Ping(2));
        t.Tell("b");
        var got = (List<object>)(await t.Completion.WaitAsync(Limit))!;
        Assert.Equal(new object[] { new Ping(2), "a", new Ping(1), "b" }, got);
    }

    [Fact]
    public async Task A_receive_that_times_out_loses_nothing()
    {
        var k = NewKernel();
        var log = new ConcurrentQueue<string>();
        var t = k.Spawn(async () =>
        {
            try { await TimeoutAfter(S(1), async () => await ReceiveAsync<int>()); }
            catch (TaskTimeout) { log.Enqueue("timeout"); }
            log.Enqueue("got " + await ReceiveAsync<int>());
            log.Enqueue("got " + await ReceiveAsync<int>());
        });
        ParkedThenAdvance(t, "MAILBOX_RECEIVE", S(1));
        Until(() => log.Contains("timeout") && t.State == "MAILBOX_RECEIVE");
        t.Tell(1);
        t.Tell(2);
        await t.Completion.WaitAsync(Limit);
        Assert.Equal(new[] { "timeout", "got 1", "got 2" }, log);
    }

    [Fact]
    public async Task A_cancelled_receive_takes_no_message_and_the_cleanup_can_still_receive()
    {
        var k = NewKernel();
        var inCleanup = false;
        var t = k.Spawn(async () =>
        {
            try { await ReceiveAsync<int>(); return "not cancelled"; }
            catch (TaskCancelled) { Volatile.Write(ref inCleanup, true); return "cleanup got " + await ReceiveAsync<int>(); }
        });
        Until(() => t.State == "MAILBOX_RECEIVE");
        _ = t.CancelAsync(blocking: false);
        Until(() => Volatile.Read(ref inCleanup) && t.State == "MAILBOX_RECEIVE");
        t.Tell(7);
        Assert.Equal("cleanup got 7", await t.Completion.WaitAsync(Limit));
    }

    [Fact]
    public async Task A_pending_cancel_is_raised_at_a_blocking_receive_but_a_queued_message_is_taken_without_blocking()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var me = CurrentTask;
            me.Tell(1);
            _ = me.CancelAsync(blocking: false); // pending: delivered at the next blocking call
            var first = await ReceiveAsync<int>(); // fast path, not a cancellation point (Curio)
            try { await ReceiveAsync<int>(); return "no cancel"; }
            catch (TaskCancelled) { return "got " + first + ", then cancelled"; }
        });
        Assert.Equal("got 1, then cancelled", r);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Receives_racing_timeouts_lose_and_duplicate_nothing(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        const int n = 3000;
        var t = k.Spawn(async () =>
        {
            var got = new List<int>(n);
            var timeouts = 0;
            while (got.Count < n)
            {
                var m = await IgnoreAfter<int?>(TimeSpan.FromTicks(1 + got.Count % 50), async () => await ReceiveAsync<int>(), null);
                if (m is { } v) got.Add(v); else timeouts++;
            }
            return (got, timeouts);
        });
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < n; i++)
            {
                t.Tell(i);
                if (i % 64 == 0) await Task.Yield();
            }
        });
        await producer.WaitAsync(Limit);
        var (got, _) = ((List<int>, int))(await t.Completion.WaitAsync(Limit))!;
        Assert.Equal(Enumerable.Range(0, n), got);
    }

    [Fact]
    public async Task Tasks_tell_each_other_and_reply_to_the_sender()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var server = Spawn(async () =>
            {
                while (true)
                {
                    var n = await ReceiveAsync<int>();
                    if (n < 0) return;
                    Reply(n * n);
                }
            });
            var squares = new List<int>();
            for (var i = 1; i <= 3; i++)
            {
                server.Tell(i);
                squares.Add(await ReceiveAsync<int>());
                Assert.Equal(server.Ref, Sender);
            }
            server.Tell(-1);
            await server.JoinAsync();
            return squares;
        });
        Assert.Equal(new[] { 1, 4, 9 }, r);
    }

    [Fact]
    public async Task A_message_told_to_an_ended_task_goes_to_dead_letters()
    {
        var k = NewKernel();
        var t = k.Spawn(() => Task.CompletedTask);
        await t.Completion.WaitAsync(Limit);
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        t.Tell("late");
        var dl = ExpectMsg<DeadLetter>(Limit);
        Assert.Equal("late", dl.Message);
        Assert.Equal(t.Ref, dl.Recipient);
    }

    [Fact]
    public async Task Reply_without_a_sender_is_a_clear_error()
    {
        var k = NewKernel();
        var t = k.Spawn(async () =>
        {
            await ReceiveAsync<string>();
            var e = Assert.Throws<InvalidOperationException>(() => Reply("x"));
            return e.Message;
        });
        t.Ref.Tell("hi", ActorRefs.NoSender);
        Assert.Contains("no sender to reply to", (string)(await t.Completion.WaitAsync(Limit))!);
        Assert.Throws<InvalidOperationException>(() => ReceiveAsync<int>());
    }
}
