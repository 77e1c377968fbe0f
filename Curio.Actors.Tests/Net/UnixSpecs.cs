using System.Net;
using System.Net.Sockets;
using System.Text;
using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

/// <summary>Unix domain sockets: servers, connections, TLS over them, and their errors, in a temporary directory.</summary>
public sealed class UnixSpecs : NetSpec, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("curio-unix-").FullName;

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static string Text(byte[] b) => Encoding.ASCII.GetString(b);

    void IDisposable.Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        Dispose();
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_unix_server_echoes_streams_half_closes_and_removes_its_socket_file(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var path = PathOf("echo.sock");
        var r = await RunIn(k, async () =>
        {
            var server = await UnixServer.BindAsync(path, async (s, _) =>
            {
                // Reads to EOF (the client's half-close), then answers: the write side outlives the read side.
                var all = await s.AsStream().ReadAllAsync();
                await s.SendAllAsync(Encoding.ASCII.GetBytes($"got {all.Length}:"));
                await s.SendAllAsync(all);
            });
            var fileWhileServing = File.Exists(path);
            var serving = Spawn(server.ServeAsync);
            await using var c = await Network.OpenUnixConnection(path);
            var big = Pattern(300_000); // more than the inbox and outbox hold: back-pressure on both sides
            await c.SendAllAsync(big);
            await c.ShutdownAsync(SocketShutdown.Send);
            var back = await c.AsStream().ReadAllAsync();
            await serving.CancelAsync();
            return (fileWhileServing, back, fileAfter: File.Exists(path), big);
        });
        Assert.True(r.fileWhileServing);
        var head = Encoding.ASCII.GetBytes("got 300000:");
        Assert.Equal(head, r.back.AsSpan(0, head.Length).ToArray());
        Assert.True(r.big.AsSpan().SequenceEqual(r.back.AsSpan(head.Length)));
        Assert.False(r.fileAfter);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Tls_runs_over_a_unix_socket(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var path = PathOf("tls.sock");
        var (reply, tls, protocol) = await RunIn(k, async () =>
        {
            var server = await UnixServer.BindAsync(path, Echo, TestCertificates.Localhost);
            var serving = Spawn(server.ServeAsync);
            await using var c = await Network.OpenUnixConnection(path, ssl: true, serverHostname: "localhost", skipCertificateValidation: true);
            await c.SendAllAsync("secret"u8.ToArray());
            var got = Text(await RecvExactly(c, 6));
            var p = c.SslStream!.SslProtocol;
            await serving.CancelAsync();
            return (got, c.IsTls, p);
        });
        Assert.Equal("secret", reply);
        Assert.True(tls);
        Assert.True(protocol is System.Security.Authentication.SslProtocols.Tls12 or System.Security.Authentication.SslProtocols.Tls13);
    }

    [Fact]
    public async Task A_path_that_exists_or_is_too_long_gives_a_clear_error_and_a_missing_one_too()
    {
        var k = NewKernel(virtualTime: false);
        var taken = PathOf("taken");
        File.WriteAllText(taken, "not a socket");
        var tooLong = PathOf(new string('s', 120));
        var r = await RunIn(k, async () =>
        {
            var inUse = await Assert.ThrowsAsync<AddressInUseError>(() => UnixServer.BindAsync(taken, Echo));
            var longBind = await Assert.ThrowsAsync<NetworkError>(() => UnixServer.BindAsync(tooLong, Echo));
            var longConnect = await Assert.ThrowsAsync<NetworkError>(() => Network.OpenUnixConnection(tooLong));
            var missing = await Assert.ThrowsAsync<NetworkError>(() => Network.OpenUnixConnection(PathOf("nobody")));
            // A socket file nobody listens on (bound, not listening, as a server killed without closing leaves it) is
            // a refusal. (.NET removes a socket file when the socket that bound it is disposed, so this one stays open.)
            var stale = PathOf("stale.sock");
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Bind(new UnixDomainSocketEndPoint(stale));
            var refused = await Assert.ThrowsAsync<ConnectionRefusedError>(() => Network.OpenUnixConnection(stale));
            var staleBind = await Assert.ThrowsAsync<AddressInUseError>(() => UnixServer.BindAsync(stale, Echo));
            return (inUse, longBind, longConnect, missing, refused, staleBind);
        });
        Assert.StartsWith($"address already in use: {taken}", r.inUse.Message);
        Assert.Equal((taken, SocketError.AddressAlreadyInUse), (r.inUse.Host, r.inUse.SocketErrorCode));
        Assert.Equal("not a socket", File.ReadAllText(taken)); // left alone
        Assert.Contains("AF_UNIX path too long", r.longBind.Message);
        Assert.Contains("107", r.longBind.Message);
        Assert.Equal(r.longBind.Message, r.longConnect.Message);
        Assert.IsNotType<AddressInUseError>(r.longBind);
        Assert.Contains("no such Unix socket", r.missing.Message);
        Assert.Equal(PathOf("stale.sock"), r.refused.Host);
        Assert.Contains("stale.sock", r.staleBind.Message);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Closing_a_unix_server_refuses_new_clients_and_keeps_the_ones_it_serves(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var path = PathOf("close.sock");
        var r = await RunIn(k, async () =>
        {
            var server = await UnixServer.BindAsync(path, Echo);
            var serving = Spawn(server.ServeAsync);
            await using var c = await Network.OpenUnixConnection(path);
            await c.SendAllAsync("before"u8.ToArray());
            var before = Text(await RecvExactly(c, 6));
            server.Close();
            var fileAfterClose = File.Exists(path);
            var late = await Assert.ThrowsAsync<NetworkError>(() => Network.OpenUnixConnection(path));
            await c.SendAllAsync("after"u8.ToArray());
            var after = Text(await RecvExactly(c, 5));
            var servingWhileClientLives = serving.Terminated;
            await c.CloseAsync();
            await serving.JoinAsync(); // the serving task ends once its last handler has
            return (before, after, fileAfterClose, late.Message, servingWhileClientLives, server.ActiveHandlers);
        });
        Assert.Equal(("before", "after", false), (r.before, r.after, r.fileAfterClose));
        Assert.Contains("no such Unix socket", r.Message);
        Assert.False(r.servingWhileClientLives);
        Assert.Equal(0, r.ActiveHandlers);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_slow_reader_back_pressures_the_sender_and_loses_nothing(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var path = PathOf("slow.sock");
        const int total = 4 * 1024 * 1024;
        var data = Pattern(total, seed: 7);
        var (parked, got) = await RunIn(k, async () =>
        {
            var go = new Event();
            var received = new Result<byte[]>();
            var server = await UnixServer.BindAsync(path, async (s, _) =>
            {
                await go.WaitAsync();
                received.SetValue(await s.AsStream().ReadAllAsync());
            });
            var serving = Spawn(server.ServeAsync);
            var sender = Spawn(async () =>
            {
                await using var c = await Network.OpenUnixConnection(path);
                await c.SendAllAsync(data);
            });
            // The handler does not read: once the socket buffers and both 256 KiB queues are full, the sender parks.
            await TimeoutAfter(Limit, async () => { while (sender.State != "WRITE_WAIT") await Sleep(TimeSpan.FromMilliseconds(2)); });
            var wasParked = !sender.Terminated;
            go.Set();
            var bytes = await received.UnwrapAsync();
            await sender.JoinAsync();
            await serving.CancelAsync();
            return (wasParked, bytes);
        });
        Assert.True(parked);
        Assert.Equal(total, got.Length);
        Assert.True(data.AsSpan().SequenceEqual(got));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task ListenUnix_accepts_clients_and_its_close_removes_the_file_while_accepted_clients_go_on(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var path = PathOf("listen.sock");
        var r = await RunIn(k, async () =>
        {
            var listener = await CurioSocket.ListenUnix(path);
            await using var c = await Network.OpenUnixConnection(path);
            var (s, addr) = await listener.AcceptAsync();
            await listener.CloseAsync();
            var fileAfter = File.Exists(path);
            var late = await Assert.ThrowsAsync<NetworkError>(() => Network.OpenUnixConnection(path));
            await c.SendAllAsync("ping"u8.ToArray());
            var ping = Text(await RecvExactly(s, 4));
            await s.SendAllAsync("pong"u8.ToArray());
            var pong = Text(await RecvExactly(c, 4));
            await s.CloseAsync();
            var eof = await c.RecvAsync(10);
            return (listener.LocalEndPoint.ToString(), listener.Port, addr is UnixDomainSocketEndPoint, fileAfter, late is not null, ping, pong, eof.Length);
        });
        Assert.Equal((path, 0, true, false, true, "ping", "pong", 0), r);
    }

    [Fact]
    public async Task Unix_server_needs_a_task_and_a_handler()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => UnixServer.BindAsync(PathOf("x.sock"), Echo));
        var k = NewKernel(virtualTime: false);
        await RunIn(k, async () =>
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => UnixServer.BindAsync(PathOf("y.sock"), null!));
            await Assert.ThrowsAsync<ArgumentException>(() => Network.OpenUnixConnection(PathOf("y.sock"), serverHostname: "x"));
            return 0;
        });
        Assert.False(File.Exists(PathOf("x.sock")));
        Assert.False(File.Exists(PathOf("y.sock")));
    }
}
