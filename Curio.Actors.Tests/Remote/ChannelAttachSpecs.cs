using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Curio.Actors.Remote;
using Curio.Actors.Tests.Diagnostics;

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

    [Fact]
    public async Task A_messages_trace_context_crosses_to_the_other_ActorSystem_and_parents_its_receive_activity()
    {
        using var traces = new Traces();
        var a = Node("trace-a");
        var b = Node("trace-b");
        try
        {
            var here = Channel.Attach(a);
            var there = Channel.Attach(b, ((ExtendedActorSystem)a).Provider.DefaultAddress);
            var k = NewKernel(virtualTime: false);
            ActivityTraceId trace;
            CurioTask<object?[]> main;
            using (var root = Traces.Spec.StartActivity("spec-root")!)
            {
                trace = root.TraceId;
                main = k.Spawn(async () =>
                {
                    var accept = Async.Spawn(() => here.AcceptAsync("trace-key"));
                    await using var sending = await there.ConnectAsync("trace-key");
                    await using var receiving = (ChannelConnection)(await accept.JoinAsync())!;
                    var sender = Async.Spawn(async () =>
                    {
                        await sending.SendAsync("traced");
                        await sending.SendBytesAsync(new byte[] { 1, 2, 3 });
                        Activity.Current = null; // no current activity: a send span of its own, in a trace of its own
                        await sending.SendAsync(42);
                    }, name: "sender");
                    var receiver = Async.Spawn(async () =>
                        new object?[] { await receiving.RecvAsync(), await receiving.RecvBytesAsync(), await receiving.RecvAsync() }, name: "receiver");
                    await sender.JoinAsync();
                    return (await receiver.JoinAsync())!;
                }, name: "main");
            }
            var got = await main.Completion.WaitAsync(Limit);
            Assert.Equal(new object?[] { "traced", new byte[] { 1, 2, 3 }, 42 }, got);
            // root, main, the accept task, sender, receiver, two sends and two receives
            AwaitCondition(() => traces.Of(trace).Count(x => x.DisplayName == "channel receive") == 2 && traces.Of(trace).Count >= 9, Limit);
            var sender = traces.Named(trace, "sender");
            var receiver = traces.Named(trace, "receiver");
            var sends = traces.Of(trace).Where(x => x.DisplayName == "channel send").OrderBy(x => x.StartTimeUtc).ToList();
            var receives = traces.Of(trace).Where(x => x.DisplayName == "channel receive").OrderBy(x => x.StartTimeUtc).ToList();
            Assert.Equal(2, sends.Count);
            Assert.All(sends, s => Assert.Equal((ActivityKind.Producer, sender.SpanId), (s.Kind, s.ParentSpanId)));
            for (var i = 0; i < 2; i++)
            {
                Assert.Equal(ActivityKind.Consumer, receives[i].Kind);
                Assert.Equal(sends[i].SpanId, receives[i].ParentSpanId);       // parented on the sender's span, across the systems
                Assert.True(receives[i].HasRemoteParent);
                Assert.Equal(receiver.SpanId, Assert.Single(receives[i].Links).Context.SpanId); // linked to the receiving task
            }
        }
        finally
        {
            await a.Terminate();
            await b.Terminate();
        }
    }
}
