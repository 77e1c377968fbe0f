using Curio.Actors.Remote;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Remote;

/// <summary>The accepting side's dropped peers, read by a task (both Channels in this process, over 127.0.0.1).</summary>
public class ChannelRejectionSpecs : KernelSpec
{
    private const string Key = "peekaboo";

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_wrong_key_reaches_a_watching_task_while_accept_goes_on_to_the_next_peer(SchedulingMode mode)
    {
        var ch = new Channel("127.0.0.1", 0);
        var r = await RunIn(NewKernel(mode, virtualTime: false), async () =>
        {
            await ch.BindAsync();
            var accept = Spawn(() => ch.AcceptAsync(Key));
            var watcher = Spawn(ch.NextRejectionAsync);
            // The wait is a cancellation point, and a cancelled one takes nothing: the other watcher gets the rejection.
            var cancelled = Spawn(ch.NextRejectionAsync);
            await cancelled.CancelAsync();
            // One connecting Channel for both peers: each standalone Channel starts an ActorSystem, slow on a loaded machine.
            await using var client = new Channel("127.0.0.1", ch.Port);
            var refused = await Assert.ThrowsAsync<AuthenticationError>(() => client.ConnectAsync("wrong-key"));
            var rejection = await watcher.JoinAsync();
            var stillAccepting = !accept.Terminated;
            await using var c = await client.ConnectAsync(Key);
            await using var served = await accept.JoinAsync();
            await c.SendAsync("hello");
            var hello = await served.RecvAsync();
            await ch.CloseAsync();
            var afterClose = await Assert.ThrowsAsync<ConnectionError>(() => ch.NextRejectionAsync());
            return (refused.Message, rejection, stillAccepting, hello, cancelled.Cancelled, afterClose.Message);
        });
        Assert.Equal("digest sent was rejected", r.Item1);
        var e = Assert.IsType<AuthenticationError>(r.rejection.Error);
        Assert.Equal("digest received was wrong", e.Message);
        Assert.Contains("127.0.0.1", r.rejection.Peer);
        Assert.Null(r.rejection.Endpoint);
        Assert.True(r.stillAccepting);
        Assert.Equal("hello", r.hello);
        Assert.True(r.Item5);
        Assert.Equal("The Channel is closed.", r.Item6);
    }

    [Fact]
    public async Task Rejections_wait_for_a_later_reader_in_order_and_the_enumeration_ends_at_close()
    {
        var ch = new Channel("127.0.0.1", 0);
        var r = await RunIn(NewKernel(virtualTime: false), async () =>
        {
            await ch.BindAsync();
            var accept = Spawn(async () =>
            {
                try { await ch.AcceptAsync(Key); return "accepted"; }
                catch (ConnectionError e) { return e.Message; } // the pending accept ends with the Channel
            });
            var peers = new List<string>();
            foreach (var key in new[] { "bad-1", "bad-2" })
            {
                await using var intruder = new Channel("127.0.0.1", ch.Port);
                await Assert.ThrowsAsync<AuthenticationError>(() => intruder.ConnectAsync(key));
                peers.Add(((Akka.Actor.ExtendedActorSystem)intruder.System!).Provider.DefaultAddress.ToString());
            }
            // Nobody read them yet: both are kept, oldest first, and closing ends the enumeration after them.
            var seen = new List<ChannelRejection>();
            await using var e = ch.RejectionsAsync().GetAsyncEnumerator();
            while (seen.Count < 2 && await e.MoveNextAsync()) seen.Add(e.Current);
            await ch.CloseAsync();
            var ended = !await e.MoveNextAsync();
            return (peers, seen, ended, await accept.JoinAsync());
        });
        Assert.Equal(r.peers, r.seen.Select(x => x.Peer));
        Assert.All(r.seen, x => Assert.IsType<AuthenticationError>(x.Error));
        Assert.True(r.ended);
        Assert.Equal("The Channel was closed.", r.Item4);
    }
}
