using System.Text;
using Curio.Actors.Net;
using Curio.Actors.Tests.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Threads;

public class AsyncThreadNetSpecs : NetSpec
{
    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_thread_talks_over_a_socket_and_its_stream_through_AWAIT(SchedulingMode mode)
    {
        var k = NewKernel(mode, virtualTime: false);
        var got = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, Echo);
            var serving = Spawn(server.ServeAsync);
            var t = SpawnThread(() =>
            {
                var lines = new List<string>();
                var sock = AWAIT(Network.OpenConnection("127.0.0.1", server.Port));
                AWAIT(sock.SendAllAsync("ping\n"u8.ToArray()));
                lines.Add(Encoding.ASCII.GetString(AWAIT(sock.RecvAsync, 100)));
                var stream = sock.AsStream();
                AWAIT(() => stream.WriteAsync("one\ntwo\n"u8.ToArray()));
                lines.Add(Encoding.ASCII.GetString(AWAIT(stream.ReadLineAsync)));
                lines.Add(Encoding.ASCII.GetString(AWAIT(stream.ReadLineAsync())));
                AWAIT(stream.CloseAsync);
                return lines;
            });
            var result = await t.JoinAsync();
            await serving.CancelAsync();
            return result;
        });
        Assert.Equal(["ping\n", "one\n", "two\n"], got);
    }
}
