using System.Diagnostics;
using System.Net.Sockets;

namespace Curio.Actors.Benchmarks.Net;

/// <summary>
/// The load for the Unix-socket rows, in this process (echoload speaks TCP only): the same cases as echoload's,
/// ping-pong of SIZE bytes on N connections and a windowed stream on one, with the same client for both servers.
/// </summary>
internal static class UnixEchoClient
{
    /// <summary>Round trips per second of <paramref name="size"/>-byte messages over <paramref name="conns"/> connections.</summary>
    internal static async Task<double> PingPongAsync(string path, int conns, int size, double warmup, double secs)
    {
        var sockets = await ConnectAsync(path, conns);
        long count = 0;
        var counting = false;
        var stopAt = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(warmup + secs);
        var loops = sockets.Select(s => Task.Run(async () =>
        {
            var msg = new byte[size];
            var back = new byte[size];
            while (stopAt.Elapsed < end)
            {
                await s.SendAsync(msg, SocketFlags.None);
                var got = 0;
                while (got < size)
                {
                    var n = await s.ReceiveAsync(back.AsMemory(got), SocketFlags.None);
                    if (n == 0) throw new IOException("the echo server closed the connection");
                    got += n;
                }
                if (Volatile.Read(ref counting)) Interlocked.Increment(ref count);
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        Volatile.Write(ref counting, true);
        var t0 = stopAt.Elapsed;
        await Task.WhenAll(loops).WaitAsync(end + TimeSpan.FromSeconds(30));
        var rate = Interlocked.Read(ref count) / (stopAt.Elapsed - t0).TotalSeconds;
        foreach (var s in sockets) s.Dispose();
        return rate;
    }

    /// <summary>MB/s echoed on one connection writing <paramref name="size"/>-byte chunks, at most 16 chunks unanswered.</summary>
    internal static async Task<double> StreamAsync(string path, int size, double warmup, double secs)
    {
        var s = (await ConnectAsync(path, 1))[0];
        var window = 16L * size;
        long sent = 0, received = 0, counted = 0;
        var counting = false;
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(warmup + secs);
        var room = new SemaphoreSlim(0);
        var writer = Task.Run(async () =>
        {
            var chunk = new byte[size];
            while (clock.Elapsed < end)
            {
                while (Interlocked.Read(ref sent) - Interlocked.Read(ref received) > window - size) await room.WaitAsync(TimeSpan.FromMilliseconds(50));
                await s.SendAsync(chunk, SocketFlags.None);
                Interlocked.Add(ref sent, size);
            }
            s.Shutdown(SocketShutdown.Send);
        });
        var reader = Task.Run(async () =>
        {
            var buf = new byte[256 * 1024];
            while (true)
            {
                var n = await s.ReceiveAsync(buf, SocketFlags.None);
                if (n == 0) return;
                Interlocked.Add(ref received, n);
                if (Volatile.Read(ref counting)) Interlocked.Add(ref counted, n);
                room.Release();
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        Volatile.Write(ref counting, true);
        var t0 = clock.Elapsed;
        await writer.WaitAsync(end + TimeSpan.FromSeconds(30));
        var elapsed = (clock.Elapsed - t0).TotalSeconds;
        var mb = Interlocked.Read(ref counted) / 1e6;
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        s.Dispose();
        return mb / elapsed;
    }

    private static async Task<Socket[]> ConnectAsync(string path, int conns)
    {
        var sockets = new Socket[conns];
        for (var i = 0; i < conns; i++)
        {
            sockets[i] = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await sockets[i].ConnectAsync(new UnixDomainSocketEndPoint(path)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        return sockets;
    }
}
