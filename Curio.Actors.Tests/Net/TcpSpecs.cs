using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class TcpSpecs : NetSpec
{
    [Fact]
    public async Task The_receive_buffer_hands_out_chunks_in_order_across_any_read_sizes_then_end_of_file()
    {
        var k = NewKernel();
        var sizes = new[] { 1, 1000, 7, 70_000, 3, 65_536 };
        var chunks = sizes.Select((n, i) => Pattern(n, seed: i + 3)).ToArray();
        var (got, buffered, eof) = await RunIn(k, async () =>
        {
            var inbox = new Inbox();
            foreach (var c in chunks) inbox.OnChunk(Akka.IO.ByteString.FromBytes(c));
            var before = inbox.Buffered;
            inbox.OnEnd(null);
            var me = CurrentTask;
            var all = new List<byte>();
            var reads = new[] { 3, 500, 65_536, 1 };
            for (var i = 0; all.Count < before; i++)
            {
                var buf = new byte[reads[i % reads.Length]];
                var n = await inbox.ReadAsync(me, buf);
                all.AddRange(buf.AsSpan(0, n).ToArray());
            }
            var last = await inbox.ReadAsync(me, new byte[10]);
            return (all.ToArray(), before, last);
        });
        Assert.Equal(sizes.Sum(), buffered);
        Assert.Equal(chunks.SelectMany(c => c).ToArray(), got);
        Assert.Equal(0, eof);
    }

    [Fact]
    public void Akka_IO_uses_64_KiB_frames_and_256_KiB_socket_buffers_in_a_Run_kernel_and_with_NetConfig()
    {
        // Akka.IO's own defaults (4 KiB frames, 8 KiB socket buffers) hold a bulk transfer to a sixth of a plain socket.
        var fromRun = Bounded.Call(() => Kernel.Run(() => Task.FromResult(Akka.IO.TcpSettings.Create(CurrentTask.Core.System))));
        var fromNetConfig = Akka.IO.TcpSettings.Create(Sys);
        foreach (var settings in new[] { fromRun, fromNetConfig })
        {
            Assert.Equal(64 * 1024, settings.MaxFrameSizeBytes);
            Assert.Equal(256 * 1024, settings.SendBufferSize);
            Assert.Equal(256 * 1024, settings.ReceiveBufferSize);
        }
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Echo_round_trips(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var got = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo);
            var st = Spawn(server.ServeAsync);
            var results = new List<string>();
            await using (var c = await Network.OpenConnection("127.0.0.1", server.Port))
            {
                Assert.Equal(server.Port, ((IPEndPoint)c.RemoteEndPoint).Port);
                foreach (var msg in new[] { "hello", "world", new string('x', 5000) })
                {
                    await c.SendAllAsync(System.Text.Encoding.ASCII.GetBytes(msg));
                    results.Add(System.Text.Encoding.ASCII.GetString(await RecvExactly(c, msg.Length)));
                }
            }
            await st.CancelAsync();
            return results;
        });
        Assert.Equal(new[] { "hello", "world", new string('x', 5000) }, got);
    }

    [Fact]
    public async Task Large_transfer_is_checksummed_and_back_pressured()
    {
        var k = NewKernel(virtualTime: false);
        const int size = 24 * 1024 * 1024;
        var data = Pattern(size);
        var (hash, peak) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo);
            var st = Spawn(server.ServeAsync);
            var c = await Network.OpenConnection("127.0.0.1", server.Port);
            var writer = Spawn(async () =>
            {
                for (var off = 0; off < size; off += 1 << 20) await c.SendAllAsync(data.AsMemory(off, 1 << 20));
                await c.ShutdownAsync(SocketShutdown.Send);
            });
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buf = new byte[100_000];
            long total = 0;
            var peakBuffered = 0;
            while (true)
            {
                peakBuffered = Math.Max(peakBuffered, c.Connection.Inbox.Buffered);
                var n = await c.RecvIntoAsync(buf);
                if (n == 0) break;
                sha.AppendData(buf, 0, n);
                total += n;
            }
            await writer.JoinAsync();
            Assert.Equal(size, total);
            await c.CloseAsync();
            await st.CancelAsync();
            return (sha.GetHashAndReset(), peakBuffered);
        });
        Assert.Equal(SHA256.HashData(data), hash);
        Assert.True(peak <= 2 * Inbox.HighWater, $"receive buffer grew to {peak}");
    }

    [Fact]
    public async Task Many_connections_at_once()
    {
        var k = NewKernel(SchedulingMode.Parallel, virtualTime: false);
        var ok = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo);
            var st = Spawn(server.ServeAsync);
            var clients = Enumerable.Range(0, 60).Select(i => Spawn(async () =>
            {
                await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
                var msg = Pattern(1000 + i, i);
                for (var r = 0; r < 20; r++)
                {
                    await c.SendAllAsync(msg);
                    Assert.Equal(msg, await RecvExactly(c, msg.Length));
                }
                return true;
            })).ToList();
            var n = 0;
            foreach (var c in clients) if ((bool)(await c.JoinAsync())!) n++;
            await st.CancelAsync();
            return n;
        });
        Assert.Equal(60, ok);
    }

    [Fact]
    public async Task Half_close_then_reply_then_eof()
    {
        var k = NewKernel(virtualTime: false);
        var (reply, eof) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                var all = await s.AsStream().ReadAllAsync();
                await s.SendAllAsync(System.Text.Encoding.ASCII.GetBytes($"got {all.Length}"));
            });
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            await c.SendAllAsync(new byte[12345]);
            await c.ShutdownAsync(SocketShutdown.Send);
            var r = await c.AsStream().ReadAllAsync();
            var e = await c.RecvAsync(10);
            await st.CancelAsync();
            return (System.Text.Encoding.ASCII.GetString(r), e.Length);
        });
        Assert.Equal("got 12345", reply);
        Assert.Equal(0, eof);
    }

    [Fact]
    public async Task Recv_timeout_loses_nothing()
    {
        var k = NewKernel();
        CurioTask? main = null;
        var t = k.Spawn(async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                await s.RecvAsync(1); // wait for the go signal, then send
                await s.SendAllAsync("late"u8.ToArray());
                await s.RecvAsync(1);
            });
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            main = CurrentTask;
            var ex = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => { await c.RecvAsync(100); }));
            await c.SendAllAsync("g"u8.ToArray());
            var got = await RecvExactly(c, 4);
            await st.CancelAsync();
            return System.Text.Encoding.ASCII.GetString(got);
        });
        AwaitCondition(() => main is not null && main.State == "READ_WAIT", Limit);
        Time.Advance(S(2));
        Assert.Equal("late", (string)(await t.Completion.WaitAsync(Limit))!);
    }

    [Fact]
    public async Task Sendall_cancelled_reports_bytes_sent()
    {
        var k = NewKernel();
        CurioTask? main = null;
        var t = k.Spawn(async () =>
        {
            var release = false;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                var st = s.AsStream();
                while (!release) await Sleep(S(0.5));
                var all = await st.ReadAllAsync();
                return;
            });
            var st = Spawn(server.ServeAsync);
            var c = await Network.OpenConnection("127.0.0.1", server.Port);
            main = CurrentTask;
            var big = new byte[32 * 1024 * 1024];
            var ex = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => { await c.SendAllAsync(big); }));
            await st.CancelAsync();
            await c.CloseAsync();
            return ex.BytesSent;
        });
        AwaitCondition(() => main is not null && main.State == "WRITE_WAIT", Limit);
        Time.Advance(S(2));
        var sent = (long?)(await t.Completion.WaitAsync(Limit));
        Assert.NotNull(sent);
        Assert.InRange(sent!.Value, 1, 32L * 1024 * 1024 - 1);
    }

    [Fact]
    public async Task Second_reader_gets_ReadResourceBusy()
    {
        var k = NewKernel(virtualTime: false);
        await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo);
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            var r1 = Spawn(async () => await c.RecvAsync(10));
            await Sleep(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAsync<ReadResourceBusy>(async () => await c.RecvAsync(10));
            await c.SendAllAsync("x"u8.ToArray());
            Assert.Equal("x"u8.ToArray(), (byte[])(await r1.JoinAsync())!);
            await st.CancelAsync();
            return true;
        });
    }

    [Fact]
    public async Task Failing_handler_closes_its_connection_and_server_goes_on()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                var b = await s.RecvAsync(10);
                if (b[0] == (byte)'!') throw new InvalidOperationException("boom");
                await s.SendAllAsync(b);
            });
            var st = Spawn(server.ServeAsync);
            await using var bad = await Network.OpenConnection("127.0.0.1", server.Port);
            await bad.SendAllAsync("!"u8.ToArray());
            var eof = await bad.RecvAsync(10);
            await using var good = await Network.OpenConnection("127.0.0.1", server.Port);
            await good.SendAllAsync("ok"u8.ToArray());
            var back = await RecvExactly(good, 2);
            await st.CancelAsync();
            return (eof.Length, System.Text.Encoding.ASCII.GetString(back));
        });
        Assert.Equal((0, "ok"), r);
    }

    [Fact]
    public async Task Cancelling_the_server_cancels_handlers_and_stops_accepting()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var handlerCancelled = false;
            var started = false;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                started = true;
                try { await s.RecvAsync(10); }
                catch (CancelledError) { handlerCancelled = true; throw; }
            });
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            while (!started) await Sleep(TimeSpan.FromMilliseconds(5));
            await st.CancelAsync();
            var eof = await c.RecvAsync(10);
            try
            {
                // a connection racing the unbind is closed at once; after it, connecting is refused
                await using var late = await Network.OpenConnection("127.0.0.1", server.Port);
                Assert.Empty(await late.RecvAsync(10));
            }
            catch (IOException) { }
            return (handlerCancelled, eof.Length, server.ActiveHandlers);
        });
        Assert.Equal((true, 0, 0), r);
    }

    [Fact]
    public async Task Busy_port_gives_a_clear_error()
    {
        var k = NewKernel(virtualTime: false);
        var msg = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo);
            var e = await Assert.ThrowsAsync<AddressInUseError>(() => TcpServer.BindAsync("127.0.0.1", server.Port, Echo));
            Assert.Equal(("127.0.0.1", server.Port, SocketError.AddressAlreadyInUse), (e.Host, e.Port, e.SocketErrorCode));
            server.Close();
            return (e.Message, server.Port);
        });
        Assert.Equal($"address already in use: 127.0.0.1:{msg.Port}", msg.Message);
    }

    [Fact]
    public async Task Connect_timeout_honours_TimeoutAfter()
    {
        using var hanging = new HangingListener();
        var port = hanging.Port;
        var k = NewKernel(virtualTime: false);
        var (ex, elapsed) = await RunIn(k, async () =>
        {
            var t0 = Clock();
            var e = await Assert.ThrowsAnyAsync<Exception>(() => TimeoutAfter(TimeSpan.FromMilliseconds(300),
                () => Network.OpenConnection("127.0.0.1", port)));
            return (e, Clock() - t0);
        });
        Assert.IsType<TaskTimeout>(ex);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), elapsed.ToString());
    }

    [Fact]
    public async Task Peer_disconnect_mid_message_raises_EndOfStream()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) => await s.SendAllAsync(new byte[30]));
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            var stream = c.AsStream();
            var e = await Assert.ThrowsAsync<EndOfStreamException>(async () => await stream.ReadExactlyAsync(100));
            var rest = await stream.ReadAsync();
            await st.CancelAsync();
            return (e.Message, ((byte[])e.Data["BytesRead"]!).Length, rest.Length);
        });
        Assert.StartsWith("Unexpected end of data", r.Message);
        Assert.Equal((30, 30), (r.Item2, r.Item3)); // Curio's bytes_read, and the bytes still buffered
    }

    [Fact]
    public async Task Second_writer_gets_WriteResourceBusy_and_source_address_is_used()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            EndPoint? seen = null;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, addr) =>
            {
                seen = addr;
                await Sleep(S(30)); // never reads: the client's writes back up
            });
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port, sourceAddress: new IPEndPoint(IPAddress.Loopback, 0));
            var w1 = Spawn(async () => await c.SendAllAsync(new byte[16 * 1024 * 1024]));
            while (w1.State != "WRITE_WAIT") await Sleep(TimeSpan.FromMilliseconds(10));
            await Assert.ThrowsAsync<WriteResourceBusy>(async () => await c.SendAllAsync(new byte[10]));
            var e = await Assert.ThrowsAsync<TaskError>(async () => { await w1.CancelAsync(); await w1.JoinAsync(); });
            await st.CancelAsync();
            return (((IPEndPoint)seen!).Address, ((IPEndPoint)c.LocalEndPoint).Port == ((IPEndPoint)seen!).Port);
        });
        Assert.Equal((IPAddress.Loopback, true), r);
    }
}
