using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

/// <summary>Curio's close of a server socket: accepting stops, the clients being served go on.</summary>
public class ServerCloseSpecs : NetSpec
{
    private static string Text(byte[] b) => System.Text.Encoding.ASCII.GetString(b);

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_client_connected_before_Close_keeps_talking_and_a_connect_after_Close_is_refused(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var served = 0;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, a) =>
            {
                served++;
                await Echo(s, a);
            });
            var port = server.Port;
            var serving = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", port);
            await c.SendAllAsync("before"u8.ToArray());
            var before = Text(await RecvExactly(c, 6));
            server.Close();

            // While the served client lives the port stays bound (Akka.IO's connections are children of its listener),
            // so the OS still completes a connect: the server resets it at once and never runs a handler for it.
            var lateServed = false;
            try
            {
                await using var late = await Network.OpenConnection("127.0.0.1", port);
                lateServed = (await late.RecvAsync(10)).Length > 0;
            }
            catch (IOException) { }

            await c.SendAllAsync("after"u8.ToArray());
            var after = Text(await RecvExactly(c, 5));
            await c.SendAllAsync(Pattern(100_000));
            var bulk = await RecvExactly(c, 100_000);
            var servingWhileClientLives = serving.Terminated;
            await c.CloseAsync();
            await serving.JoinAsync(); // ends once its last handler has
            await Async.Await(server.Core.Released);
            // Unbound: now the OS refuses.
            var refused = await Assert.ThrowsAsync<ConnectionRefusedError>(() => Network.OpenConnection("127.0.0.1", port));
            return (before, after, bulk.AsSpan().SequenceEqual(Pattern(100_000)), lateServed, servingWhileClientLives, served, refused.Port == port);
        });
        Assert.Equal(("before", "after", true, false, false, 1, true), r);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancelling_the_serving_task_after_Close_cancels_the_running_handlers(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var started = new Event();
            var cancelled = false;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                started.Set();
                try { await s.RecvAsync(10); }
                catch (CancelledError) { cancelled = true; throw; }
            });
            var serving = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            await started.WaitAsync();
            server.Close();
            var stillServing = !serving.Terminated;
            await serving.CancelAsync();
            var eof = await c.RecvAsync(10);
            return (stillServing, cancelled, eof.Length, server.ActiveHandlers);
        });
        Assert.Equal((true, true, 0, 0), r);
    }
}
