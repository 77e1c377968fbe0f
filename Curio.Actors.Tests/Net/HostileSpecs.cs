using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

/// <summary>Servers against slow, idle and hostile peers on 127.0.0.1, and failures a program can act on.</summary>
public class HostileSpecs : NetSpec
{
    public HostileSpecs() : base(ConfigurationFactory.ParseString("akka.loglevel = INFO")) { }

    private Akka.TestKit.TestProbe LogProbe()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Info));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Warning));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Error));
        return probe;
    }

    /// <summary>The log events from the server ("curio") whose message contains <paramref name="text"/>, until none for a while.</summary>
    private static List<LogEvent> Lines(Akka.TestKit.TestProbe probe, TimeSpan quiet) =>
        probe.ReceiveWhile<LogEvent>(quiet, m => (LogEvent)m, int.MaxValue).Where(e => e.LogSource.Contains("curio", StringComparison.Ordinal)).ToList();

    private static async Task<Socket> ConnectRaw(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Limit);
        return s;
    }

    /// <summary>Reads until the server ends the connection (EOF or reset); false if it did not within the limit.</summary>
    private static async Task<bool> EndedByServer(Socket s)
    {
        var buf = new byte[1024];
        try
        {
            while (await s.ReceiveAsync(buf).WaitAsync(Limit) > 0) { }
            return true;
        }
        catch (SocketException) { return true; }
        catch (TimeoutException) { return false; }
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Stalled_tls_handshakes_are_dropped_at_the_deadline_and_logged_once_each_at_info(SchedulingMode mode)
    {
        var logs = LogProbe();
        var k = NewKernel(mode, virtualTime: false);
        var handled = 0;
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, (_, _) => { Interlocked.Increment(ref handled); return Task.CompletedTask; },
            TestCertificates.Localhost, options: new TcpServerOptions { HandshakeTimeout = S(1) }));
        var serving = k.Spawn(server.ServeAsync);
        // Half send nothing, half 40 bytes of a ClientHello (a TLS handshake record header, then part of its body).
        var clients = new List<Socket>();
        for (var i = 0; i < 8; i++)
        {
            var s = await ConnectRaw(server.Port);
            if (i % 2 == 1) await s.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03 }.Concat(new byte[29]).ToArray());
            clients.Add(s);
        }
        var started = DateTime.UtcNow;
        var ended = await Task.WhenAll(clients.Select(EndedByServer));
        var held = DateTime.UtcNow - started;
        Assert.All(ended, Assert.True);
        Assert.True(held >= S(0.5), $"dropped after {held}: before the deadline");
        AwaitCondition(() => server.ActiveHandlers == 0, Limit);
        Assert.Equal(0, handled);
        var lines = Lines(logs, S(0.5));
        Assert.Equal(8, lines.Count(l => l is Info && l.Message.ToString()!.Contains("timed out after 1 s")));
        Assert.DoesNotContain(lines, l => l is Error or Warning);
        await serving.CancelAsync();
        foreach (var c in clients) c.Dispose();
    }

    [Fact]
    public async Task A_failed_tls_handshake_logs_its_cause_in_one_info_line()
    {
        var logs = LogProbe();
        var k = NewKernel(virtualTime: false);
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, Echo, TestCertificates.Localhost));
        var serving = k.Spawn(server.ServeAsync);
        using var s = await ConnectRaw(server.Port);
        await s.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray()); // plain text on the TLS port
        Assert.True(await EndedByServer(s));
        var line = logs.FishForMessage<Info>(m => m is Info i && i.Message.ToString()!.StartsWith("TLS handshake with", StringComparison.Ordinal), Limit);
        var text = line.Message.ToString()!;
        Assert.Matches(@"^TLS handshake with 127\.0\.0\.1:\d+ failed: .+", text);
        Assert.DoesNotContain("see inner exception", text);
        Assert.Null(line.Cause);
        await serving.CancelAsync();
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task The_connection_limit_holds_further_connects_in_the_backlog_until_a_handler_ends(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        int running = 0, most = 0, served = 0;
        async Task Greeter(CurioSocket c, EndPoint _)
        {
            var now = Interlocked.Increment(ref running);
            lock (this) most = Math.Max(most, now);
            try
            {
                await c.SendAllAsync(new[] { (byte)Interlocked.Increment(ref served) });
                while ((await c.RecvAsync(100)).Length > 0) { }
            }
            finally { Interlocked.Decrement(ref running); }
        }
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, Greeter, options: new TcpServerOptions { MaxConnections = 2 }));
        var serving = k.Spawn(server.ServeAsync);
        var clients = new List<Socket>();
        for (var i = 0; i < 5; i++) clients.Add(await ConnectRaw(server.Port)); // all connect: the backlog holds them
        var greeted = new List<Socket>();
        var greetings = clients.ToDictionary(c => c, async c => { await c.ReceiveAsync(new byte[1]); return c; }); // one read each
        async Task<Socket> NextGreeted()
        {
            var first = await (await Task.WhenAny(clients.Except(greeted).Select(c => greetings[c])).WaitAsync(Limit));
            greeted.Add(first);
            return first;
        }
        await NextGreeted();
        await NextGreeted();
        AwaitCondition(() => server.ActiveHandlers == 2, Limit);
        Assert.All(clients.Except(greeted), c => Assert.False(greetings[c].IsCompleted));
        for (var round = 0; round < 3; round++)
        {
            greeted[round].Shutdown(SocketShutdown.Send); // that handler ends: one waiting connect is taken
            await NextGreeted();
        }
        foreach (var c in clients) c.Shutdown(SocketShutdown.Send);
        AwaitCondition(() => server.ActiveHandlers == 0, Limit);
        Assert.Equal((5, 2), (served, most));
        await serving.CancelAsync();
        foreach (var c in clients) c.Dispose();
    }

    [Fact]
    public async Task A_reset_ends_the_handler_with_one_info_line_and_no_trace_and_a_flood_is_cut()
    {
        var logs = LogProbe();
        var k = NewKernel(virtualTime: false);
        var ended = 0;
        async Task Reader(CurioSocket c, EndPoint _)
        {
            try { while ((await c.RecvAsync(100)).Length > 0) { } }
            finally { Interlocked.Increment(ref ended); }
        }
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, Reader));
        var serving = k.Spawn(server.ServeAsync);
        for (var i = 0; i < 30; i++)
        {
            using var s = await ConnectRaw(server.Port);
            await s.SendAsync("hello"u8.ToArray());
            s.LingerState = new LingerOption(true, 0); // close sends a reset
            s.Close();
        }
        AwaitCondition(() => Volatile.Read(ref ended) == 30 && server.ActiveHandlers == 0, Limit);
        var lines = Lines(logs, S(0.5));
        var resets = lines.Where(l => l.Message.ToString()!.StartsWith("TCP handler for 127.0.0.1:", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, resets.Count); // 10 lines per 10 s of one kind, the rest counted
        Assert.All(resets, l => Assert.IsType<Info>(l));
        Assert.All(resets, l => Assert.Null(l.Cause));
        Assert.All(resets, l => Assert.DoesNotContain("\n", l.Message.ToString()!));
        Assert.Contains("IOException", resets[0].Message.ToString()!);
        Assert.DoesNotContain(lines, l => l is Error);
        await serving.CancelAsync();
    }

    [Fact]
    public async Task A_failing_handler_still_logs_an_error_with_its_trace()
    {
        var logs = LogProbe();
        var k = NewKernel(virtualTime: false);
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, (_, _) => throw new InvalidOperationException("bug in the handler")));
        var serving = k.Spawn(server.ServeAsync);
        using var s = await ConnectRaw(server.Port);
        Assert.True(await EndedByServer(s));
        var error = logs.FishForMessage<Error>(m => m is Error, Limit);
        Assert.IsType<InvalidOperationException>(error.Cause);
        await serving.CancelAsync();
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task The_idle_timeout_is_a_TaskTimeout_at_the_blocked_receive_and_the_finally_runs(SchedulingMode mode)
    {
        var k = NewKernel(mode); // virtual time, driven by hand
        var probe = CreateTestProbe();
        async Task Handler(CurioSocket c, EndPoint _)
        {
            try
            {
                probe.Ref.Tell("got " + (await c.RecvAsync(100)).Length);
                await c.RecvAsync(100);
            }
            catch (TaskTimeout e) { probe.Ref.Tell(e.Message); throw; }
            finally { probe.Ref.Tell("finally"); }
        }
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, Handler, options: new TcpServerOptions { IdleTimeout = S(30) }));
        var serving = k.Spawn(server.ServeAsync);
        using var s = await ConnectRaw(server.Port);
        await s.SendAsync("abc"u8.ToArray());
        probe.ExpectMsg("got 3", Limit);
        AwaitCondition(() => k.Tasks.Any(t => t.State == "READ_WAIT"), Limit);
        Time.Advance(S(29));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Time.Advance(S(1));
        Assert.Equal($"Timed out: no data from 127.0.0.1:{((IPEndPoint)s.LocalEndPoint!).Port} for 30 s (idle timeout)", probe.ExpectMsg<string>(Limit));
        probe.ExpectMsg("finally", Limit);
        Assert.True(await EndedByServer(s));
        AwaitCondition(() => server.ActiveHandlers == 0, Limit);
        await serving.CancelAsync();
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task The_send_stall_timeout_is_a_TaskTimeout_at_the_blocked_send_for_a_peer_that_never_reads(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var probe = CreateTestProbe();
        async Task Flood(CurioSocket c, EndPoint _)
        {
            try { while (true) await c.SendAllAsync(new byte[1 << 20]); }
            catch (TaskTimeout e) { probe.Ref.Tell((e.Message.Contains("(send-stall timeout)"), e.BytesSent is not null)); throw; }
            finally { probe.Ref.Tell("finally"); }
        }
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, Flood, options: new TcpServerOptions { SendStallTimeout = S(5) }));
        var serving = k.Spawn(server.ServeAsync);
        using var s = await ConnectRaw(server.Port); // never reads
        // Until the loopback buffers are full, the stage still takes bytes now and then, and each wait for room starts
        // its own 5 s: advance past the wait the handler is in until one of them expires.
        for (var i = 0; i < 200 && !probe.HasMessages; i++)
        {
            AwaitCondition(() => k.Tasks.Any(t => t.State == "WRITE_WAIT") || probe.HasMessages, Limit);
            Time.Advance(S(5));
        }
        Assert.Equal((true, true), probe.ExpectMsg<(bool, bool)>(Limit));
        probe.ExpectMsg("finally", Limit);
        AwaitCondition(() => server.ActiveHandlers == 0, Limit);
        Assert.True(await EndedByServer(s)); // reset: its unread megabytes are dropped
        await serving.CancelAsync();
    }

    [Fact]
    public async Task A_refused_connect_is_ConnectionRefusedError_naming_host_and_port()
    {
        var k = NewKernel(virtualTime: false);
        var port = HowTo.RecipeProcess.FreeTcpPort();
        var e = await RunIn(k, () => Assert.ThrowsAsync<ConnectionRefusedError>(() => Network.OpenConnection("localhost", port)));
        Assert.Equal($"connection refused: localhost:{port}", e.Message);
        Assert.Equal(("localhost", port, SocketError.ConnectionRefused), (e.Host, e.Port, e.SocketErrorCode));
        Assert.IsAssignableFrom<IOException>(e);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_HostNotFoundError()
    {
        var k = NewKernel(virtualTime: false);
        var e = await RunIn(k, () => Assert.ThrowsAsync<HostNotFoundError>(() => Network.OpenConnection("no-such-host.invalid", 80)));
        Assert.Equal("host not found: no-such-host.invalid (port 80)", e.Message);
    }

    [Fact]
    public async Task A_connect_that_nobody_answers_is_ConnectTimeoutError_after_the_connect_timeout()
    {
        using var hanging = new HangingListener();
        var k = NewKernel(virtualTime: false);
        var e = await RunIn(k, () => Assert.ThrowsAsync<ConnectTimeoutError>(() => Network.OpenConnection("127.0.0.1", hanging.Port, connectTimeout: S(0.5))));
        Assert.Equal($"connect timed out after 0.5 s: 127.0.0.1:{hanging.Port}", e.Message);
    }

    [Fact]
    public async Task A_busy_port_is_one_AddressInUseError_and_nothing_logged()
    {
        var logs = LogProbe();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var k = NewKernel(virtualTime: false);
        var e = await RunIn(k, () => Assert.ThrowsAsync<AddressInUseError>(() => TcpServer.BindAsync("localhost", port, Echo)));
        Assert.Equal($"address already in use: localhost:{port}", e.Message);
        Assert.DoesNotContain(Lines(logs, S(0.3)), l => l is Error or Warning);
    }

    /// <summary>The raw bytes a client receives, to see the TLS records under its SslStream.</summary>
    private sealed class Recording(Stream inner) : Stream
    {
        public readonly List<byte> Received = new();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var n = await inner.ReadAsync(buffer, ct);
            lock (Received) Received.AddRange(buffer.Span[..n].ToArray());
            return n;
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task CloseAsync_on_tls_sends_close_notify_to_a_plain_SslStream_client(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        async Task Bye(CurioSocket c, EndPoint _)
        {
            await c.SendAllAsync("bye"u8.ToArray());
            await c.CloseAsync();
        }
        var server = await RunIn(k, () => TcpServer.BindAsync("127.0.0.1", 0, Bye, TestCertificates.Localhost));
        var serving = k.Spawn(server.ServeAsync);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port).WaitAsync(Limit);
        var raw = new Recording(client.GetStream());
        await using var tls = new SslStream(raw, false, (_, _, _, _) => true);
        // TLS 1.2: its alerts travel as records of type 21 that can be seen on the wire (1.3 encrypts the type).
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls12 }).WaitAsync(Limit);
        var got = new List<byte>();
        var buf = new byte[100];
        int n;
        while ((n = await tls.ReadAsync(buf).AsTask().WaitAsync(Limit)) > 0) got.AddRange(buf[..n]);
        Assert.Equal("bye"u8.ToArray(), got.ToArray());
        var records = new List<(byte Type, int Length)>();
        lock (raw.Received)
            for (var i = 0; i + 5 <= raw.Received.Count; i += 5 + records[^1].Length)
                records.Add((raw.Received[i], (raw.Received[i + 3] << 8) | raw.Received[i + 4]));
        Assert.Equal(((byte)23, (byte)21), (records[^2].Type, records[^1].Type)); // "bye", then the close_notify alert
        await serving.CancelAsync();
    }
}
