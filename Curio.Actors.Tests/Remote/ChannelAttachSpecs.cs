using Akka.Actor;
using Akka.Configuration;
using Curio.Actors.Remote;

namespace Curio.Actors.Tests.Remote;

/// <summary>Channels riding on ActorSystems the application already runs with remoting (the cluster-node case).</summary>
public class ChannelAttachSpecs : KernelSpec
{
    private static ActorSystem Node(string name) => ActorSystem.Create(name, ConfigurationFactory.ParseString(@"
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        akka.actor.provider = remote
        akka.remote.log-remote-lifecycle-events = off
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }").WithFallback(ChannelConfig.Safe));

    [Fact]
    public async Task Two_nodes_exchange_Channel_messages_over_their_own_remoting_and_see_the_other_go()
    {
        var a = Node("node-a");
        var b = Node("node-b");
        try
        {
            var addressA = ((ExtendedActorSystem)a).Provider.DefaultAddress;
            var here = Channel.Attach(a);
            var there = Channel.Attach(b, addressA);
            var result = await RunIn(NewKernel(virtualTime: false), async () =>
            {
                var accept = Async.Spawn(() => here.AcceptAsync("cluster-key"));
                await using var c2 = await there.ConnectAsync("cluster-key");
                await using var c1 = (ChannelConnection)(await accept.JoinAsync())!;
                await c2.SendAsync(new object?[] { "hi", 1, 2.5 });
                var got = (object?[])(await c1.RecvAsync())!;
                await c1.SendAsync("back");
                var back = await c2.RecvAsync();
                // the accepting node goes away: the other side learns it promptly
                var sw = System.Diagnostics.Stopwatch.StartNew();
                await Async.Await(a.Terminate());
                var e = await Assert.ThrowsAnyAsync<Exception>(async () => await c2.RecvAsync());
                return (got, back, e, sw.Elapsed);
            });
            Assert.Equal(new object?[] { "hi", 1, 2.5 }, result.got);
            Assert.Equal("back", result.back);
            Assert.True(result.e is ConnectionError or EndOfStreamException, result.e.ToString());
            Assert.True(result.Item4 < TimeSpan.FromSeconds(2), $"took {result.Item4}");
            Assert.False(b.WhenTerminated.IsCompleted); // a borrowed system is never terminated by a Channel
        }
        finally
        {
            await a.Terminate();
            await b.Terminate();
        }
    }
}
