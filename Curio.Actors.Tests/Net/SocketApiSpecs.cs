using System.Net;
using System.Net.Security;
using System.Text;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

/// <summary>The rest of Curio's socket wrapper: blocking(), makefile(), recvfrom/sendto and sendfile.</summary>
public class SocketApiSpecs : NetSpec
{
    private static string Text(byte[] b) => Encoding.ASCII.GetString(b);

    private static byte[] ReadExactly(Stream s, int n)
    {
        var buf = new byte[n];
        s.ReadExactly(buf);
        return buf;
    }

    /// <summary>A connected pair with TLS on both ends (the server side on b).</summary>
    private static async Task<(CurioSocket, CurioSocket)> TlsPair()
    {
        var (a, b) = await CurioSocket.SocketPair();
        var server = Spawn(() => Network.WrapSocket(b, serverSide: true, certificate: TestCertificates.Localhost));
        var client = await Network.WrapSocket(a, serverHostname: "localhost",
            clientOptions: new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true });
        return (client, await server.JoinAsync());
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Blocking_gives_a_thread_a_synchronous_stream_and_disposing_it_returns_the_socket_to_async_use(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            await a.SendAllAsync("hello"u8.ToArray());
            string got;
            Exception asyncRefused, secondRefused;
            using (var s = b.Blocking())
            {
                asyncRefused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await b.RecvAsync(10));
                secondRefused = Assert.Throws<InvalidOperationException>(() => b.Blocking());
                got = await RunInThread(() =>
                {
                    var hello = Text(ReadExactly(s, 5));
                    s.Write("world"u8);
                    return hello;
                });
                Assert.True(s.CanRead && s.CanWrite && !s.CanSeek);
            }
            var back = Text(await RecvExactly(a, 5));
            // Back to async use: the same connection, nothing closed.
            await a.SendAllAsync("again"u8.ToArray());
            var again = Text(await RecvExactly(b, 5));
            await b.SendAllAsync("!"u8.ToArray());
            var bang = Text(await RecvExactly(a, 1));
            await a.CloseAsync();
            await b.CloseAsync();
            return (got, back, again, bang, asyncRefused.Message, secondRefused.Message);
        });
        Assert.Equal(("hello", "world", "again", "!"), (r.got, r.back, r.again, r.bang));
        Assert.Contains("blocking use", r.Item5);
        Assert.Contains("blocking use", r.Item6);
    }

    [Fact]
    public async Task A_blocking_read_sees_end_of_file_when_the_peer_closes()
    {
        var k = NewKernel(virtualTime: false);
        var (first, eof) = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            using var s = b.Blocking();
            var reader = Spawn(() => RunInThread(() =>
            {
                var one = ReadExactly(s, 3);
                return (Text(one), s.Read(new byte[10], 0, 10));
            }));
            await a.SendAllAsync("abc"u8.ToArray());
            await a.CloseAsync();
            var result = await reader.JoinAsync();
            await b.CloseAsync();
            return result;
        });
        Assert.Equal(("abc", 0), (first, eof));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Blocking_on_a_TLS_socket_first_hands_out_what_a_receive_left_decrypted(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var (part, rest, reply) = await RunIn(k, async () =>
        {
            var (a, b) = await TlsPair();
            await a.SendAllAsync("0123456789"u8.ToArray());
            var head = new byte[4];
            Assert.Equal(4, await b.RecvIntoAsync(head)); // the other six wait decrypted in the socket
            string tail;
            using (var s = b.Blocking())
            {
                tail = await RunInThread(() =>
                {
                    var six = Text(ReadExactly(s, 6));
                    s.Write("secret"u8);
                    return six;
                });
            }
            var answer = Text(await RecvExactly(a, 6));
            await a.CloseAsync();
            await b.CloseAsync();
            return (Text(head), tail, answer);
        });
        Assert.Equal(("0123", "456789", "secret"), (part, rest, reply));
    }

    [Fact]
    public async Task A_streams_Blocking_is_refused_while_its_buffer_holds_unread_bytes_and_works_once_they_are_read()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            var stream = b.AsStream();
            await a.SendAllAsync("line\nrest"u8.ToArray());
            var line = Text(await stream.ReadLineAsync());
            var refused = Assert.Throws<IOException>(() => stream.Blocking());
            var rest = Text(await stream.ReadExactlyAsync(4));
            using (var s = stream.Blocking())
                await RunInThread(() => s.Write("ok"u8));
            var ok = Text(await RecvExactly(a, 2));
            // The blocking stream's dispose closed nothing: the stream still talks.
            await stream.WriteAsync("more"u8.ToArray());
            var more = Text(await RecvExactly(a, 4));
            await stream.CloseAsync();
            var closed = b.IsClosed;
            await a.CloseAsync();
            return (line, refused.Message, rest, ok, more, closed);
        });
        Assert.Equal("line\n", r.line);
        Assert.StartsWith("There is unread buffered data", r.Item2);
        Assert.Equal(("rest", "ok", "more", true), (r.rest, r.ok, r.more, r.closed));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task MakeFile_gives_read_and_write_streams_whose_close_leaves_the_socket_open(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            var rb = b.MakeFile("rb");
            var wb = b.MakeFile("wb");
            await a.SendAllAsync("first line\n"u8.ToArray());
            var line = Text(await rb.ReadLineAsync());
            await wb.WriteAsync("reply\n"u8.ToArray());
            var reply = Text(await RecvExactly(a, 6));
            var notWritable = await Assert.ThrowsAsync<NotSupportedException>(async () => await rb.WriteAsync("x"u8.ToArray()));
            var notReadable = await Assert.ThrowsAsync<NotSupportedException>(async () => await wb.ReadAsync());
            using (var readOnly = rb.Blocking()) // the blocking stream keeps the file's mode
                Assert.Throws<NotSupportedException>(() => readOnly.Write("x"u8));
            await rb.CloseAsync();
            await wb.CloseAsync();
            var closedFile = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await rb.ReadAsync());
            // The socket is still open: a new file reads what comes next.
            var socketOpen = !b.IsClosed;
            await a.SendAllAsync("after"u8.ToArray());
            var both = b.MakeFile("rwb");
            var after = Text(await both.ReadExactlyAsync(5));
            await both.WriteAsync("both"u8.ToArray());
            var fromBoth = Text(await RecvExactly(a, 4));
            var bOnly = b.MakeFile("b");
            var modes = (rb.CanRead, rb.CanWrite, wb.CanRead, wb.CanWrite, both.CanRead, both.CanWrite, bOnly.CanRead, bOnly.CanWrite);
            await a.CloseAsync();
            await b.CloseAsync();
            return (line, reply, notWritable.Message, notReadable.Message, closedFile, socketOpen, after, fromBoth, modes);
        });
        Assert.Equal(("first line\n", "reply\n"), (r.line, r.reply));
        Assert.Equal("File or stream is not writable.", r.Item3);
        Assert.Equal("File or stream is not readable.", r.Item4);
        Assert.True(r.socketOpen);
        Assert.Equal(("after", "both"), (r.after, r.fromBoth));
        Assert.Equal((true, false, false, true, true, true, true, false), r.modes);
    }

    [Fact]
    public async Task MakeFile_refuses_text_modes_and_unknown_letters_as_Curio_and_CPython_do()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            var text = Assert.Throws<ArgumentException>(() => b.MakeFile("r"));
            var plus = Assert.Throws<ArgumentException>(() => b.MakeFile("r+b"));
            await b.CloseAsync();
            var closed = Assert.Throws<ObjectDisposedException>(() => b.MakeFile("rb"));
            await a.CloseAsync();
            return (text.Message, plus.Message, closed);
        });
        Assert.StartsWith("File can only be created in binary mode", r.Item1);
        Assert.StartsWith("Invalid mode 'r+b' (only r, w, b allowed)", r.Item2);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task RecvFrom_and_SendTo_on_a_connected_socket_act_as_recv_and_send_with_no_address(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var (a, b) = await CurioSocket.SocketPair();
            // The address is ignored, as Linux ignores it on a connected TCP socket.
            var sent = await a.SendToAsync("datagram?"u8.ToArray(), new IPEndPoint(IPAddress.Parse("10.1.1.1"), 9));
            var (data, from) = await b.RecvFromAsync(4);
            var buf = new byte[10];
            var (count, fromInto) = await b.RecvFromIntoAsync(buf, 3);
            var (count2, _) = await b.RecvFromIntoAsync(buf.AsMemory(3));
            await a.CloseAsync();
            var (eof, eofFrom) = await b.RecvFromAsync(10);
            await b.CloseAsync();
            return (sent, Text(data), from, count, count2, Text(buf[..(count + count2)]), fromInto, eof.Length, eofFrom);
        });
        Assert.Equal(9, r.sent);
        Assert.Equal("data", r.Item2);
        Assert.Null(r.from);
        Assert.Equal((3, 2, "gram?"), (r.count, r.count2, r.Item6));
        Assert.Null(r.fromInto);
        Assert.Equal(0, r.Item8);
        Assert.Null(r.eofFrom);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task SendFile_sends_the_files_bytes_from_the_offset_and_leaves_the_position_after_them(SchedulingMode mode)
    {
        var path = Path.GetTempFileName();
        var content = Pattern(300_000, seed: 7);
        await File.WriteAllBytesAsync(path, content);
        try
        {
            var k = NewKernel(mode, virtualTime: false);
            var r = await RunIn(k, async () =>
            {
                var (a, b) = await CurioSocket.SocketPair();
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
                file.Position = 5; // sendfile's offset counts from the start, not the position
                var part = await a.SendFileAsync(file, offset: 1000, count: 200_000);
                var position = file.Position;
                var gotPart = await RecvExactly(b, 200_000);
                var whole = await Spawn(a.SendFileAsync, path).JoinAsync(); // a method group, as Curio's spawn(sock.sendfile, f)
                var gotWhole = await RecvExactly(b, 300_000);
                var tail = await a.SendFileAsync(path, offset: 299_990, count: 1000); // past the end: what there is
                var gotTail = await RecvExactly(b, 10);
                await a.CloseAsync();
                var eof = await b.RecvAsync(1);
                await b.CloseAsync();
                return (part, position, gotPart, whole, gotWhole, tail, gotTail, eof.Length);
            });
            Assert.Equal((200_000L, 201_000L), (r.part, r.position));
            Assert.Equal(content[1000..201_000], r.gotPart);
            Assert.Equal(300_000L, r.whole);
            Assert.Equal(content, r.gotWhole);
            Assert.Equal(10L, r.tail);
            Assert.Equal(content[299_990..], r.gotTail);
            Assert.Equal(0, r.Item8);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_timed_out_SendFile_reports_the_bytes_sent_and_exactly_those_arrive(SchedulingMode mode)
    {
        var path = Path.GetTempFileName();
        // Larger than every buffer on the way (outbox, Akka.IO, both kernels' socket buffers) while nobody reads.
        var content = Pattern(32 << 20, seed: 3);
        await File.WriteAllBytesAsync(path, content);
        try
        {
            var k = NewKernel(mode, virtualTime: true);
            var holder = new TaskCompletionSource<(CurioSocket A, CurioSocket B)>();
            var sender = k.Spawn(async () =>
            {
                var (a, b) = await CurioSocket.SocketPair();
                holder.SetResult((a, b));
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
                try
                {
                    await TimeoutAfter(S(5), () => a.SendFileAsync(file, offset: 100));
                    return (-1L, -1L);
                }
                catch (TaskTimeout e) { return (e.BytesSent ?? -2, file.Position); }
            });
            var (a, b) = await holder.Task.WaitAsync(Limit);
            AdvanceWhenParked(sender, "WRITE_WAIT", S(5)); // full all the way: only the timeout can end it
            var (bytesSent, position) = ((long, long))(await sender.Completion.WaitAsync(Limit))!;
            var received = await RunIn(k, async () =>
            {
                await a.CloseAsync(); // what was queued still goes out, then end of file
                var got = new MemoryStream();
                var buf = new byte[1 << 20];
                int n;
                while ((n = await b.RecvIntoAsync(buf)) > 0) got.Write(buf, 0, n);
                await b.CloseAsync();
                return got.ToArray();
            });
            Assert.InRange(bytesSent, 1, content.Length - 101);
            Assert.Equal(100 + bytesSent, position);
            Assert.Equal(bytesSent, received.Length);
            Assert.True(content.AsSpan(100, received.Length).SequenceEqual(received), "the bytes received are the file's, in order");
        }
        finally { File.Delete(path); }
    }
}
