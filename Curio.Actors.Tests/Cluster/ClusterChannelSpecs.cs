using Akka.Actor;
using Akka.Cluster;
using Curio.Actors.Remote;
using Curio.Actors.Remote.TestPeer;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Cluster;

/// <summary>Two cluster nodes in this process (two ActorSystems on loopback): named Channel endpoints and their guarantees.</summary>
public sealed class ClusterChannelSpecs : TwoNodeSpec
{
    // Curio's 1 s authentication limit is not what these specs check, and a first handshake between two fresh nodes
    // can take longer on a loaded 2-core machine; ConnectAll then skips that member as timed out.
    private static readonly ChannelOptions Patient = new() { HandshakeTimeout = TimeSpan.FromSeconds(10) };

    private const string Key = "cluster-key";

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_named_endpoint_is_found_through_membershipAnd_keeps_every_Channel_guarantee(SchedulingMode mode)
    {
        var onA = Channel.Attach(A, options: Patient);
        var onB = Channel.Attach(B, options: Patient);
        var result = await RunIn(NewKernel(mode, virtualTime: false), async () =>
        {
            await onA.BindAsync("jobs"); // offered before the other node looks
            var accept = Spawn(() => onA.AcceptAsync(Key, name: "jobs"));
            // wrong key first: refused on both sides, the acceptor goes on accepting
            var wrong = await Assert.ThrowsAsync<AuthenticationError>(() => onB.ConnectAsync("not-the-key", name: "jobs"));
            await using var c2 = await onB.ConnectAsync(Key, name: "jobs");
            await using var c1 = (ChannelConnection)(await accept.JoinAsync())!;

            // the codec's allow-list holds across nodes: an unregistered type is refused and nothing is sent
            await Assert.ThrowsAsync<ChannelSerializationError>(async () => await c2.SendAsync(new Uri("http://x")));

            // order, nothing lost or duplicated
            for (var i = 0; i < 5000; i++) await c2.SendAsync(i);
            var got = new List<int>();
            for (var i = 0; i < 5000; i++) got.Add((int)(await c1.RecvAsync())!);

            // flow control: 20 MB unread parks the sender at the 8 MiB window until the reader reads
            var big = new byte[1 << 20];
            var sender = Spawn(async () => { for (var i = 0; i < 20; i++) await c1.SendBytesAsync(big); });
            while (sender.State != "CHANNEL_SEND") await Sleep(TimeSpan.FromMilliseconds(5));
            var parkedAtWindow = !sender.Terminated;
            long read = 0;
            for (var i = 0; i < 20; i++) read += (await c2.RecvBytesAsync()).Length;
            await sender.JoinAsync();

            // an orderly close is end of stream for the peer, after the rest
            await c1.SendAsync("last");
            await c1.CloseAsync();
            var last = await c2.RecvAsync();
            var eof = await Assert.ThrowsAsync<EndOfStreamException>(async () => await c2.RecvAsync());
            return (wrong.Message, c2.PeerAddress, got, parkedAtWindow, read, last, eof);
        });
        Assert.Equal("digest sent was rejected", result.Message);
        Assert.Equal(AddressOf(A).ToString(), result.PeerAddress);
        Assert.Equal(Enumerable.Range(0, 5000), result.got);
        Assert.True(result.parkedAtWindow);
        Assert.Equal(20L << 20, result.read);
        Assert.Equal("last", result.last);
    }

    [Fact]
    public async Task ConnectAll_reaches_every_member_offering_the_nameAndAn_unknown_name_isA_ConnectionError()
    {
        var onA = Channel.Attach(A, options: Patient);
        var onB = Channel.Attach(B, options: Patient);
        var peers = await RunIn(NewKernel(virtualTime: false), async () =>
        {
            // both nodes offer "all"; each acceptor answers with its node's address
            foreach (var (ch, sys) in new[] { (onA, A), (onB, B) })
            {
                await ch.BindAsync("all"); // offered before anyone looks
                Spawn(async () =>
                {
                    for (var n = 0; n < 2; n++)
                    {
                        var c = await ch.AcceptAsync(Key, name: "all");
                        await c.SendAsync(AddressOf(sys).ToString());
                        await c.CloseAsync();
                    }
                }, daemon: true);
            }
            var all = await onB.ConnectAllAsync(Key, "all");
            var seen = new List<string>();
            foreach (var c in all)
            {
                seen.Add((string)(await c.RecvAsync())!);
                await c.CloseAsync();
            }
            var none = await Assert.ThrowsAsync<ConnectionError>(() => onB.ConnectAsync(Key, name: "nobody-offers-this"));
            Assert.Contains("nobody-offers-this", none.Message);
            return seen;
        });
        var expected = new[] { A, B }.Select(s => AddressOf(s).ToString()).OrderBy(x => x);
        Assert.Equal(expected, peers.OrderBy(x => x));
    }
}
