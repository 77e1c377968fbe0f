using Curio.Actors.Net;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Net;

public class StreamSpecs : NetSpec
{
    private static byte[] B(string s) => System.Text.Encoding.ASCII.GetBytes(s);
    private static string S_(byte[] b) => System.Text.Encoding.ASCII.GetString(b);

    [Fact]
    public async Task Lines_exact_reads_and_foreach()
    {
        var k = NewKernel(virtualTime: false);
        var r = await RunIn(k, async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                var st = s.AsStream();
                await st.WriteAsync(B("HEAD12345"));
                await st.WriteLinesAsync(new[] { B("l1\n"), B("l2\n"), B("l3\n") });
                await st.WriteAsync(B("tail"));
            });
            var srv = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            var stream = c.AsStream();
            var head = S_(await stream.ReadExactlyAsync(4));
            var num = S_(await stream.ReadExactlyAsync(5));
            var lines = new List<string>();
            await foreach (var line in stream) lines.Add(S_(line));
            await srv.CancelAsync();
            return (head, num, string.Join("|", lines));
        });
        Assert.Equal(("HEAD", "12345", "l1\n|l2\n|l3\n|tail"), r);
    }

    [Fact]
    public async Task Cancelled_stream_reads_report_progress_and_lose_nothing()
    {
        var k = NewKernel();
        CurioTask? main = null;
        var phase = 1;
        var t = k.Spawn(async () =>
        {
            var go = 0;
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) =>
            {
                var st = s.AsStream();
                await st.WriteAsync(B("a\nb\npart"));
                await st.ReadExactlyAsync(1); // go
                await st.WriteAsync(B("ial\nrest"));
                await st.ReadExactlyAsync(1);
            });
            var srv = Spawn(server.ServeAsync);
            await using var c = await Network.OpenConnection("127.0.0.1", server.Port);
            var stream = c.AsStream();
            main = CurrentTask;
            var e = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => { await stream.ReadLinesAsync(); }));
            var linesRead = e.LinesRead!.Select(S_).ToArray();
            phase = 2;
            var e2 = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => { await stream.ReadExactlyAsync(100); }));
            go++;
            await stream.WriteAsync(B("g"));
            var line = S_(await stream.ReadLineAsync());
            var rest = S_(await stream.ReadExactlyAsync(4));
            await srv.CancelAsync();
            return (string.Join("|", linesRead), e2.BytesRead, S_(e2.PartialData!), line, rest, go);
        });
        AwaitCondition(() => main is not null && main.State == "READ_WAIT", Limit);
        Time.Advance(S(2));
        AwaitCondition(() => Volatile.Read(ref phase) == 2 && main!.State == "READ_WAIT", Limit);
        Time.Advance(S(2));
        var r = ((string, long?, string, string, string, int))(await t.Completion.WaitAsync(Limit))!;
        Assert.Equal(("a\n|b\n", (long?)4, "part", "partial\n", "rest", 1), r); // the partial bytes are reported and stay buffered
    }

    [Fact]
    public async Task Write_cancelled_reports_bytes_written()
    {
        var k = NewKernel();
        CurioTask? main = null;
        var t = k.Spawn(async () =>
        {
            var server = await TcpServer.BindAsync("127.0.0.1", 0, async (s, _) => await Sleep(S(1000)));
            var srv = Spawn(server.ServeAsync);
            var c = await Network.OpenConnection("127.0.0.1", server.Port);
            var stream = c.AsStream();
            main = CurrentTask;
            var lines = Enumerable.Range(0, 4000).Select(i => new byte[8192]).ToList();
            var e = await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(S(1), async () => { await stream.WriteLinesAsync(lines); }));
            await srv.CancelAsync();
            await c.CloseAsync();
            return e.BytesWritten;
        });
        AwaitCondition(() => main is not null && main.State == "WRITE_WAIT", Limit);
        Time.Advance(S(2));
        var written = (long?)(await t.Completion.WaitAsync(Limit));
        Assert.InRange(written!.Value, 1, 4000L * 8192 - 1);
    }
}
