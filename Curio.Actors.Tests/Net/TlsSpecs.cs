using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class TlsSpecs : NetSpec
{
    // More than every buffer between a sender and a peer that does not read can hold: the outbox, the inbox, and
    // loopback's kernel buffers, which autotune up to 4 MB to send and 6 MB to receive (8 MB went through at times).
    private const int BeyondBuffers = 32 * 1024 * 1024;

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Tls_echo_both_sides(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var data = Pattern(3 * 1024 * 1024);
        var (hash, tls, lines) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
            var writer = Spawn(async () =>
            {
                await c.SendAllAsync(data);
                await c.SendAllAsync("one\ntwo\n"u8.ToArray());
                await c.ShutdownAsync(System.Net.Sockets.SocketShutdown.Send);
            });
            var stream = c.AsStream();
            var back = await stream.ReadExactlyAsync(data.Length);
            var rest = await stream.ReadLinesAsync();
            await writer.JoinAsync();
            await st.CancelAsync();
            return (SHA256.HashData(back), c.IsTls, rest.Select(l => System.Text.Encoding.ASCII.GetString(l)).ToArray());
        });
        Assert.Equal(SHA256.HashData(data), hash);
        Assert.True(tls);
        Assert.Equal(new[] { "one\n", "two\n" }, lines);
    }

    // SslStream.ShutdownAsync calls OpenSSL without SslStream's own lock, and its second SSL_shutdown reads the input
    // side: run while the reader decrypted, it took record bytes ("wrong version number", seen once in CI). Each round
    // half-closes at another point of a stream the server is still sending.
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Tls_half_close_while_the_reader_decrypts_loses_nothing(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var data = Pattern(256 * 1024, seed: 7);
        const int Rounds = 60;
        async Task Stream(CurioSocket c, EndPoint _)
        {
            for (var off = 0; off < data.Length; off += 4096) await c.SendAllAsync(data.AsMemory(off, 4096));
            while ((await c.RecvAsync(100)).Length > 0) { }
        }
        var results = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Stream, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            var got = new List<string>();
            for (var i = 0; i < Rounds; i++)
            {
                await using var c = await Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
                var stream = c.AsStream();
                var head = await stream.ReadExactlyAsync(i * 1024 % (data.Length / 2) + 1);
                var closer = Spawn(async () => await c.ShutdownAsync(System.Net.Sockets.SocketShutdown.Send));
                var back = head.Concat(await stream.ReadAllAsync()).ToArray();
                await closer.JoinAsync();
                got.Add(Convert.ToHexString(SHA256.HashData(back)) + "/" + back.Length);
            }
            await st.CancelAsync();
            return got;
        });
        var expected = Convert.ToHexString(SHA256.HashData(data)) + "/" + data.Length;
        Assert.Equal(Rounds, results.Count);
        Assert.All(results, h => Assert.Equal(expected, h));
    }

    // A cancelled SendAll can leave the rest of its record waiting for room; close_notify must come after it and
    // the peer must get exactly the bytes reported sent. (Without the wait the alert only overtook the tail when it
    // slipped into room freed between the outbox's unlock and its wake-up, which a spec cannot force.)
    [Fact]
    public async Task Tls_shutdown_after_a_cancelled_send_follows_the_record_it_cut()
    {
        var k = NewKernel();
        CurioTask? main = null;
        var t = k.Spawn(async () =>
        {
            var release = new Event();
            var done = new Event();
            long received = -1;
            string? failure = null;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                await release.WaitAsync();
                try { received = (await s.AsStream().ReadAllAsync()).LongLength; }
                catch (IOException e) { failure = e.InnerException?.Message ?? e.Message; }
                done.Set();
            }, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
            main = CurrentTask;
            var big = new byte[BeyondBuffers];
            var ex = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => { await c.SendAllAsync(big); }));
            release.Set();
            await c.ShutdownAsync(System.Net.Sockets.SocketShutdown.Send);
            await done.WaitAsync();
            await st.CancelAsync();
            return (ex.BytesSent ?? -1, received, failure);
        });
        AwaitCondition(() => main is not null && main.State == "FUTURE_WAIT", Limit);
        Time.Advance(S(2));
        var (sent, received, failure) = ((long, long, string?))(await t.Completion.WaitAsync(Limit))!;
        Assert.Null(failure);
        Assert.InRange(sent, 1, BeyondBuffers - 1);
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task Tls_shutdown_while_another_task_sends_is_WriteResourceBusy()
    {
        var k = NewKernel(virtualTime: false);
        CurioTask? sender = null;
        var parked = new UniversalEvent();
        var t = k.Spawn(async () =>
        {
            var release = new Event();
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                await release.WaitAsync();
                await s.AsStream().ReadAllAsync();
            }, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
            sender = Spawn(async () => await c.SendAllAsync(new byte[BeyondBuffers]));
            await parked.WaitAsync();
            var busy = await Assert.ThrowsAsync<WriteResourceBusy>(() => c.ShutdownAsync(System.Net.Sockets.SocketShutdown.Send).AsTask());
            release.Set();
            await sender.JoinAsync();
            await c.ShutdownAsync(System.Net.Sockets.SocketShutdown.Send);
            await st.CancelAsync();
            return busy.Message;
        });
        AwaitCondition(() => sender is not null && sender.State == "FUTURE_WAIT", Limit); // the full outbox parked it
        parked.Set();
        var message = (string)(await t.Completion.WaitAsync(Limit))!;
        Assert.Contains("Another task is writing", message);
    }

    [Fact]
    public async Task Certificate_is_checked_by_default()
    {
        var k = NewKernel(virtualTime: false);
        var (untrusted, wrongHost) = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            // self-signed: not trusted
            var e1 = await Assert.ThrowsAsync<AuthenticationException>(() => Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost"));
            // trusted by the callback below, but the name does not match
            var e2 = await Assert.ThrowsAsync<AuthenticationException>(() => Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "wrong.example"));
            await st.CancelAsync();
            return (e1.Message, e2.Message);
        });
        Assert.Contains("localhost", untrusted);
        Assert.Contains("wrong.example", wrongHost);
    }

    [Fact]
    public async Task Wrong_host_name_is_rejected_even_with_a_trusted_chain()
    {
        var k = NewKernel(virtualTime: false);
        var ok = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo, TestCertificates.Localhost);
            var st = Spawn(server.ServeAsync);
            var e = await Assert.ThrowsAsync<AuthenticationException>(() => Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "other-host"));
            await using var good = await Network.OpenConnection("127.0.0.1", server.Port, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
            await good.SendAllAsync("ping"u8.ToArray());
            var back = await RecvExactly(good, 4);
            await st.CancelAsync();
            return System.Text.Encoding.ASCII.GetString(back);
        });
        Assert.Equal("ping", ok);
    }

    [Fact]
    public void ServerHostname_without_ssl_is_an_argument_error()
    {
        var k = NewKernel(virtualTime: false);
        var t = k.Spawn(async () => await Network.OpenConnection("127.0.0.1", 1, serverHostname: "x"));
        var ex = Assert.ThrowsAny<Exception>(() => t.Completion.Wait(Limit));
        Assert.IsType<ArgumentException>(ex.InnerException);
    }
}
