using System.Text;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Files;

public sealed class AsyncFileSpecs : KernelSpec, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("curio-files-").FullName;

    private string PathOf(string name) => Path.Combine(_dir, name);

    void IDisposable.Dispose() => Directory.Delete(_dir, recursive: true);

    private void Until(Func<bool> condition) => AwaitCondition(condition, Limit, TimeSpan.FromMilliseconds(5));

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Text_files_write_and_read_in_every_way(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var path = PathOf("text.txt");
        var seen = await RunIn(kernel, async () =>
        {
            var log = new List<string>();
            await using (var f = await AOpen(path, "w"))
            {
                log.Add($"wrote {await f.WriteAsync("line 1\n")}");
                await f.WriteLinesAsync(["line 2\n", "line 3\n"]);
                Assert.False(f.Closed);
            }
            await using (var f = await AOpen(path))
            {
                log.Add(await f.ReadAsync(4));
                log.Add($"tell {await f.TellAsync()}");
                log.Add(await f.ReadLineAsync());
                await foreach (var line in f) log.Add("for " + line);
                log.Add($"eof '{await f.ReadLineAsync()}'");
                log.Add($"seek {await f.SeekAsync(-7, SeekOrigin.End)}");
                log.Add(await f.ReadAllAsync());
                await f.SeekAsync(0);
                log.Add(string.Join("|", await f.ReadLinesAsync()));
                log.Add(await f.ReadAsync());
            }
            await using (var f = AOpen(path, "a"))           // opened by its first operation
                await f.WriteAsync("line 4\n");
            return log;
        });
        Assert.Equal([
            "wrote 7", "line", "tell 4", " 1\n", "for line 2\n", "for line 3\n", "eof ''", "seek 14", "line 3\n",
            "line 1\n|line 2\n|line 3\n", ""], seen);
        Assert.Equal("line 1\nline 2\nline 3\nline 4\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Binary_files_read_write_seek_and_truncate(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var path = PathOf("data.bin");
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        var (first, rest, into, n, size, after) = await RunIn(kernel, async () =>
        {
            await using (var f = await AOpen(path, "wb")) Assert.Equal(data.Length, await f.WriteAsync(data));
            await using var g = await AOpen(path, "r+b");
            var a = await g.ReadBytesAsync(10);
            var buffer = new byte[5];
            var count = await g.ReadIntoAsync(buffer);
            var b = await g.ReadAllBytesAsync();
            await g.SeekAsync(100);
            var sz = await g.TruncateAsync();
            await g.SeekAsync(0, SeekOrigin.End);
            await g.WriteAsync(new byte[] { 1, 2, 3 });
            return (a, b, buffer, count, sz, await g.TellAsync());
        });
        Assert.Equal(data[..10], first);
        Assert.Equal(data[10..15], into);
        Assert.Equal(5, n);
        Assert.Equal(data[15..], rest);
        Assert.Equal(100, size);
        Assert.Equal(103, after);
        Assert.Equal([.. data[..100], 1, 2, 3], File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Encodings_hold_characters_split_across_reads_and_tell_counts_bytes()
    {
        var kernel = NewKernel();
        var path = PathOf("multi.txt");
        var text = string.Concat(Enumerable.Repeat("é€", 30_000)) + "\nend\n"; // 150 KB of UTF-8, sequences cut by the 64 KiB reads
        var (all, tell, utf16) = await RunIn(kernel, async () =>
        {
            await using (var f = await AOpen(path, "w")) await f.WriteAsync(text);
            await using var g = await AOpen(path);
            await g.ReadAsync(3);
            var t = await g.TellAsync();
            await g.SeekAsync(0);
            var a = await g.ReadAllAsync();
            var wide = PathOf("wide.txt");
            await using (var h = await AOpen(wide, "w", Encoding.Unicode)) await h.WriteAsync("héllo");
            await using var r = await AOpen(wide, "r", Encoding.Unicode);
            return (a, t, await r.ReadAsync());
        });
        Assert.Equal(text, all);
        Assert.Equal(Encoding.UTF8.GetByteCount("é€é"), tell);
        Assert.Equal("héllo", utf16);
    }

    [Fact]
    public async Task Blocking_hands_out_the_plain_stream_unless_read_ahead_would_be_lost()
    {
        var kernel = NewKernel();
        var path = PathOf("blocking.txt");
        File.WriteAllText(path, "abcdef\nxyz\n");
        var (refused, rest) = await RunIn(kernel, async () =>
        {
            await using var f = await AOpen(path);
            await f.ReadLineAsync();                              // reads ahead past the line
            var e = Assert.Throws<IOException>(() => f.Blocking());
            await f.ReadAllAsync();
            await f.SeekAsync(2);
            var raw = f.Blocking();
            var buffer = new byte[4];
            var n = raw.Read(buffer);
            return (e.Message, Encoding.ASCII.GetString(buffer, 0, n));
        });
        Assert.Contains("buffered", refused);
        Assert.Equal("cdef", rest);
    }

    [Fact]
    public async Task Modes_are_checked_and_use_outside_a_task_raises_AsyncOnlyError()
    {
        var path = PathOf("exists.txt");
        File.WriteAllText(path, "x");
        Assert.Throws<ArgumentException>(() => AOpen(path, "rw"));
        Assert.Throws<ArgumentException>(() => AOpen(path, "q"));
        await Assert.ThrowsAsync<AsyncOnlyError>(async () => await AOpen(path).ReadAsync());
        var kernel = NewKernel();
        var (binaryAsText, exclusive) = await RunIn(kernel, async () =>
        {
            await using var f = await AOpen(path, "rb");
            var e1 = await Assert.ThrowsAsync<InvalidOperationException>(async () => await f.ReadAsync());
            var e2 = await Assert.ThrowsAsync<IOException>(async () => await AOpen(path, "x"));
            return (e1.Message, e2.Message);
        });
        Assert.Contains("binary", binaryAsText);
        Assert.NotEmpty(exclusive);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_cancelled_read_reports_what_it_read_and_keeps_it_for_the_next_read(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var fifo = PathOf("fifo");
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo])) Assert.True(mk.WaitForExit(Limit));
        using var more = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            w.Write("hello"u8);
            w.Flush();
            more.Wait(Limit);
            w.Write(" world"u8);
        }) { IsBackground = true };
        writer.Start();
        var f = AOpen(fifo);
        CancelledError? cancelled = null;
        var t = kernel.Spawn(async () =>
        {
            try { await f.ReadAllAsync(); }
            catch (TaskCancelled e) { cancelled = e; }
            return await f.ReadAllAsync();
        });
        Until(() => f.Buffered == 5 && t.State == "FUTURE_WAIT");
        await t.CancelAsync(blocking: false);
        Until(() => cancelled is not null);
        more.Set();
        var all = (string?)await t.Completion.WaitAsync(Limit);
        Assert.Equal(5, cancelled!.BytesRead);
        Assert.Equal("hello world", all);
        Assert.True(writer.Join(Limit));
        await kernel.Spawn(async () => await f.CloseAsync()).Completion.WaitAsync(Limit);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task An_async_thread_uses_a_file_through_AWAIT_with_a_plain_using(SchedulingMode mode)
    {
        var kernel = NewKernel(mode);
        var path = PathOf("thread.txt");
        var read = await RunIn(kernel, async () =>
        {
            var t = SpawnThread(() =>
            {
                using (var f = AWAIT(AOpen(path, "w")))
                {
                    AWAIT(f.WriteAsync, "from a thread\n");
                    AWAIT(f.WriteAsync("second line\n"));
                }
                using var g = AWAIT(AOpen(path));
                return AWAIT(g.ReadLinesAsync);
            });
            return await t.JoinAsync();
        });
        Assert.Equal(["from a thread\n", "second line\n"], read);
        var kernel2 = NewKernel(mode);
        var e = await RunIn(kernel2, async () =>
        {
            await using var f = await AOpen(path);
            return Assert.Throws<AsyncOnlyError>(() => ((IDisposable)f).Dispose());
        });
        Assert.Contains("await using", e.Message);
    }
}
