using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using Curio.Actors.Remote;
using Curio.Actors.Remote.Channels;
using Curio.Actors.Remote.Serialization;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Remote;

/// <summary>Channels between real separate processes on 127.0.0.1 (the peer is Curio.Actors.Remote.TestPeer).</summary>
public class ChannelSpecs : KernelSpec
{
    private const string Key = "peekaboo";

    /// <summary>A registered type that counts how often it was built: the canary for "nothing is built from the wire".</summary>
    public sealed class Canary
    {
        public static int Built;
        public Canary() => Interlocked.Increment(ref Built);
    }

    // These bodies start peer processes: bounded as the processes are (ChildProgram.Limit), not as an in-process spec.
    private Task<T> InKernel<T>(Func<Task<T>> body) => RunIn(NewKernel(virtualTime: false), body, ChildProgram.Limit);

    [Fact]
    public void HowTo_producer_and_consumer_run_as_two_programs()
    {
        using var producer = new PeerProcess("producer", "0", Key);
        var port = producer.WaitPort();
        using var consumer = new PeerProcess("consumer", port.ToString(), Key);
        for (var i = 0; i < 10; i++) Assert.Equal($"Got: {i}", consumer.WaitLine("Got: "));
        consumer.WaitLine("DONE");
        Assert.Equal(0, consumer.WaitExit());
        Assert.Equal(0, producer.WaitExit());
    }

    [Fact]
    public async Task Many_messages_arrive_in_order_none_lost_then_end_of_stream()
    {
        const int n = 200_000;
        var ch = new Channel("127.0.0.1", 0);
        var result = await InKernel(async () =>
        {
            await ch.BindAsync();
            using var peer = new PeerProcess("sender", ch.Port.ToString(), Key, n.ToString(), "0");
            await using var c = await ch.AcceptAsync(Key);
            for (var i = 0; i < n; i++)
            {
                var v = await c.RecvAsync();
                if (!Equals(v, i)) return $"message {i} was {v}";
            }
            await Assert.ThrowsAsync<EndOfStreamException>(async () => await c.RecvAsync());
            peer.WaitLine("SENT");
            await ch.CloseAsync();
            return "ok";
        });
        Assert.Equal("ok", result);
    }

    [Fact]
    public async Task Large_messages_arrive_whole()
    {
        const int size = 3 << 20, count = 4;
        var ch = new Channel("127.0.0.1", 0);
        await InKernel(async () =>
        {
            await ch.BindAsync();
            using var peer = new PeerProcess("sender", ch.Port.ToString(), Key, count.ToString(), size.ToString());
            await using var c = await ch.AcceptAsync(Key);
            for (var i = 0; i < count; i++)
            {
                var b = await c.RecvBytesAsync();
                Assert.Equal(size, b.Length);
                for (var j = 0; j < size; j += 4099) Assert.Equal((byte)(i + j), b[j]);
                Assert.Equal((byte)(i + size - 1), b[^1]);
            }
            await Assert.ThrowsAsync<EndOfStreamException>(async () => await c.RecvBytesAsync());
            await ch.CloseAsync();
            return true;
        });
    }

    [Fact]
    public async Task RecvBytesInto_fills_the_buffer_at_the_offset_and_a_message_too_large_is_consumed()
    {
        const int size = 1000, count = 3;
        var ch = new Channel("127.0.0.1", 0);
        await InKernel(async () =>
        {
            await ch.BindAsync();
            using var peer = new PeerProcess("sender", ch.Port.ToString(), Key, count.ToString(), size.ToString());
            await using var c = await ch.AcceptAsync(Key);
            var buf = new byte[1500];
            Assert.Equal(size, await c.RecvBytesIntoAsync(buf, 100));
            Assert.Equal(new byte[100], buf[..100]);
            Assert.Equal((byte)0, buf[100]);
            Assert.Equal(unchecked((byte)(size - 1)), buf[100 + size - 1]);
            var e = await Assert.ThrowsAsync<IOException>(async () => await c.RecvBytesIntoAsync(new byte[size - 1]));
            Assert.Equal("Message is too large to fit", e.Message);
            Assert.Equal(size, await c.RecvBytesIntoAsync(buf)); // the one too large was consumed: the third comes
            Assert.Equal((byte)2, buf[0]);
            await Assert.ThrowsAsync<EndOfStreamException>(async () => await c.RecvBytesIntoAsync(buf));
            await ch.CloseAsync();
            return true;
        });
    }

    [Fact]
    public async Task Wrong_key_on_the_connecting_side_fails_both_sides_and_accepting_goes_on()
    {
        var rejected = new ConcurrentQueue<Exception>();
        var ch = new Channel("127.0.0.1", 0, new ChannelOptions { OnPeerRejected = (_, e) => rejected.Enqueue(e) });
        await InKernel(async () =>
        {
            await ch.BindAsync();
            var accept = Spawn(() => ch.AcceptAsync(Key));
            using var bad = new PeerProcess("connect-send", ch.Port.ToString(), "wrong-key", "intruder");
            Assert.Equal("ERROR AuthenticationError: digest sent was rejected", await Async.Await(Task.Run(() => bad.WaitLine("ERROR"))));
            Assert.Equal(3, bad.WaitExit());
            Assert.False(accept.Terminated);
            using var good = new PeerProcess("connect-send", ch.Port.ToString(), Key, "friend");
            await using var c = (ChannelConnection)(await accept.JoinAsync())!;
            Assert.Equal("friend", await c.RecvAsync());
            await c.SendAsync("welcome");
            Assert.Equal("REPLY welcome", await Async.Await(Task.Run(() => good.WaitLine("REPLY"))));
            await ch.CloseAsync();
            return true;
        });
        var e = Assert.IsType<AuthenticationError>(Assert.Single(rejected));
        Assert.Equal("digest received was wrong", e.Message);
    }

    [Fact]
    public async Task Without_OnPeerRejected_a_wrong_key_is_logged_as_one_warning_naming_the_peer()
    {
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(Akka.Event.Warning));
        var ch = new Channel("127.0.0.1", 0);
        await InKernel(async () =>
        {
            await ch.BindAsync();
            var accept = Spawn(() => ch.AcceptAsync(Key));
            using var bad = new PeerProcess("connect-send", ch.Port.ToString(), "wrong-key", "intruder");
            Assert.Equal(3, await Async.Await(Task.Run(() => bad.WaitExit())));
            await accept.CancelAsync();
            await ch.CloseAsync();
            return true;
        });
        var warning = logs.FishForMessage<Akka.Event.Warning>(w => w.Message.ToString()!.StartsWith("Channel peer ", StringComparison.Ordinal), Limit);
        Assert.Matches(@"^Channel peer \S+:\d+ rejected: AuthenticationError: digest received was wrong$", warning.Message.ToString());
    }

    [Fact]
    public async Task Wrong_key_on_the_accepting_side_fails_the_connect_and_the_acceptor_goes_on()
    {
        using var server = new PeerProcess("accept-many", "0", Key, "1");
        var port = server.WaitPort();
        await InKernel(async () =>
        {
            var ch = new Channel("127.0.0.1", port);
            var e = await Assert.ThrowsAsync<AuthenticationError>(() => ch.ConnectAsync("not-the-key"));
            Assert.Equal("digest sent was rejected", e.Message);
            Assert.StartsWith("REJECTED AuthenticationError: digest received was wrong", server.WaitLine("REJECTED"));
            await using var c = await ch.ConnectAsync(Key);
            await c.SendAsync("second try");
            Assert.Equal("bye", await c.RecvAsync());
            await ch.CloseAsync();
            return true;
        });
        Assert.Equal("ACCEPTED second try", server.WaitLine("ACCEPTED"));
        Assert.Equal(0, server.WaitExit());
    }

    [Fact]
    public async Task Silent_peers_are_dropped_after_the_handshake_timeout_and_others_still_connect()
    {
        using var server = new PeerProcess("accept-many", "0", Key, "1");
        var port = server.WaitPort();
        using var raw = new TcpClient();
        await raw.ConnectAsync("127.0.0.1", port); // a TCP peer that says nothing at all
        var rogue = ChannelSystem.Create("127.0.0.1", 0, new ChannelOptions());
        try
        {
            // A Channel peer that asks for a handshake and then stays silent.
            var listener = rogue.System.ActorSelection($"akka.tcp://curio-channel@127.0.0.1:{port}/user/curio-channel");
            var silent = rogue.System.ActorOf(Props.Create(() => new SilentPeer(listener, null)));
            var sw = Stopwatch.StartNew();
            Assert.StartsWith("REJECTED TimeoutException", server.WaitLine("REJECTED", TimeSpan.FromSeconds(10)));
            Assert.InRange(sw.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
            await InKernel(async () =>
            {
                await using var c = await new Channel("127.0.0.1", port).ConnectAsync(Key);
                await c.SendAsync("after the silent ones");
                Assert.Equal("bye", await c.RecvAsync());
                return true;
            });
            Assert.Equal("ACCEPTED after the silent ones", server.WaitLine("ACCEPTED"));
        }
        finally
        {
            await rogue.System.Terminate();
        }
    }

    [Fact]
    public async Task Garbage_and_unauthenticated_payloads_build_nothing_and_the_listener_goes_on()
    {
        ChannelTypes.Register<Canary>("canary", _ => [1], _ => new Canary());
        Canary.Built = 0;
        var rejected = new ConcurrentQueue<Exception>();
        var ch = new Channel("127.0.0.1", 0, new ChannelOptions { OnPeerRejected = (_, e) => rejected.Enqueue(e) });
        var rogue = ChannelSystem.Create("127.0.0.1", 0, new ChannelOptions());
        try
        {
            await InKernel(async () =>
            {
                await ch.BindAsync();
                // Random bytes, and a length-prefixed frame of random bytes, straight to the remoting port.
                var rnd = new Random(7);
                foreach (var size in new[] { 1, 64, 4096 })
                {
                    using var s = new TcpClient();
                    await s.ConnectAsync("127.0.0.1", ch.Port);
                    var junk = new byte[size + 4];
                    rnd.NextBytes(junk);
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(junk, size);
                    await s.GetStream().WriteAsync(junk);
                }
                // A Channel peer that sends a payload (a Canary) instead of answering the challenge.
                var listener = rogue.System.ActorSelection($"akka.tcp://curio-channel@127.0.0.1:{ch.Port}/user/curio-channel");
                var accept = Spawn(() => ch.AcceptAsync(Key));
                rogue.System.ActorOf(Props.Create(() => new SilentPeer(listener, CanaryFrame())));
                await Async.Await(Task.Run(() => AwaitCondition(() => !rejected.IsEmpty, TimeSpan.FromSeconds(10))));
                using var peer = new PeerProcess("connect-send", ch.Port.ToString(), Key, "still here");
                await using var c = (ChannelConnection)(await accept.JoinAsync())!;
                Assert.Equal("still here", await c.RecvAsync());
                await c.SendAsync("ok");
                Assert.Equal("REPLY ok", peer.WaitLine("REPLY"));
                await ch.CloseAsync();
                return true;
            });
            Assert.Equal(0, Volatile.Read(ref Canary.Built));
            // dropped at once: a payload where the handshake answer was due
            Assert.Contains("protocol error", Assert.IsType<AuthenticationError>(Assert.Single(rejected)).Message);
        }
        finally
        {
            ChannelTypes.Unregister("canary");
            await rogue.System.Terminate();
        }
    }

    private static ChannelFrame CanaryFrame()
    {
        var msg = new ByteBuffer();
        ChannelCodec.Encode(new Canary(), msg); // built here, on purpose, before Built is checked... so reset below
        Interlocked.Decrement(ref Canary.Built);
        var framed = new ByteBuffer();
        framed.WriteInt32BigEndian(msg.Length);
        framed.Write(msg.Span);
        return new ChannelFrame(FrameKind.Data, framed.Span.ToArray());
    }

    [Fact]
    public async Task A_peer_killed_mid_stream_raises_ConnectionError_well_under_a_second()
    {
        var ch = new Channel("127.0.0.1", 0);
        var (received, elapsed, error) = await InKernel(async () =>
        {
            await ch.BindAsync();
            using var peer = new PeerProcess("stream", ch.Port.ToString(), Key);
            var c = await ch.AcceptAsync(Key);
            var n = 0;
            for (; n < 5000; n++) Assert.Equal(n, await c.RecvAsync());
            peer.Kill();
            var sw = Stopwatch.StartNew();
            Exception? error = null;
            try
            {
                while (true)
                {
                    Assert.Equal(n, await c.RecvAsync()); // what fully arrived is still delivered, in order
                    n++;
                }
            }
            catch (ConnectionError e) { error = e; }
            var elapsed = sw.Elapsed;
            await Assert.ThrowsAsync<ConnectionError>(async () => await c.SendAsync(1));
            await c.CloseAsync();
            await ch.CloseAsync();
            return (n, elapsed, error);
        });
        Assert.True(received >= 5000);
        Assert.Contains("Lost the Channel connection", error!.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the loss took {elapsed.TotalMilliseconds:0} ms to show");
    }

    [Fact]
    public async Task Connecting_where_nobody_listens_is_a_ConnectionError()
    {
        int port;
        using (var l = new TcpListener(System.Net.IPAddress.Loopback, 0)) { l.Start(); port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port; }
        await InKernel(async () =>
        {
            var ch = new Channel("127.0.0.1", port);
            await Assert.ThrowsAsync<ConnectionError>(() => ch.ConnectAsync(Key));
            await ch.CloseAsync();
            return true;
        });
    }

    [Fact]
    public async Task Recv_is_a_cancellation_point_and_nothing_is_lost()
    {
        using var server = new PeerProcess("accept-many", "0", Key, "1");
        var port = server.WaitPort();
        await InKernel(async () =>
        {
            await using var c = await new Channel("127.0.0.1", port).ConnectAsync(Key);
            var r = await IgnoreAfter(TimeSpan.FromMilliseconds(50), async () => { await c.RecvAsync(); return true; }, false);
            Assert.False(r);
            await c.SendAsync("after a timeout");
            Assert.Equal("bye", await c.RecvAsync());
            await Assert.ThrowsAsync<EndOfStreamException>(async () => await c.RecvAsync());
            return true;
        });
        Assert.Equal("ACCEPTED after a timeout", server.WaitLine("ACCEPTED"));
    }

    [Fact]
    public async Task A_connector_whose_handshake_stalls_gets_Connection_timed_out()
    {
        var stalling = ChannelSystem.Create("127.0.0.1", 0, new ChannelOptions());
        try
        {
            // A listener that challenges and then never gives its verdict.
            stalling.System.ActorOf(Props.Create(() => new StallingListener()), "curio-channel");
            var port = stalling.Address.Port!.Value;
            var (e, elapsed) = await InKernel(async () =>
            {
                var ch = new Channel("127.0.0.1", port, new ChannelOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
                var sw = Stopwatch.StartNew();
                var e = await Assert.ThrowsAsync<TimeoutException>(() => ch.ConnectAsync(Key));
                await ch.CloseAsync();
                return (e, sw.Elapsed);
            });
            Assert.Equal("Connection timed out", e.Message);
            Assert.True(elapsed < TimeSpan.FromSeconds(10), elapsed.ToString());
        }
        finally
        {
            await stalling.System.Terminate();
        }
    }

    private sealed class StallingListener : ReceiveActor
    {
        public StallingListener() => Receive<ChannelFrame>(f =>
        {
            if (f.Kind == FrameKind.Open) Sender.Tell(new ChannelFrame(FrameKind.Challenge, new byte[32]), Self);
        });
    }

    /// <summary>Asks the listener for a handshake, then never answers (optionally sending a payload frame instead).</summary>
    private sealed class SilentPeer : ReceiveActor
    {
        public SilentPeer(ActorSelection listener, ChannelFrame? instead)
        {
            listener.Tell(ChannelFrame.Of(FrameKind.Open), Self);
            Receive<ChannelFrame>(f =>
            {
                if (f.Kind == FrameKind.Challenge && instead is not null) Sender.Tell(instead, Self);
            });
        }
    }
}
