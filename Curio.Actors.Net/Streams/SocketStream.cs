using System.Runtime.CompilerServices;

namespace Curio.Actors.Net;

/// <summary>
/// A buffered byte stream over a <see cref="CurioSocket"/> (Curio's <c>SocketStream</c>): reads of any size, exact
/// reads, lines, and writes. <c>await foreach</c> yields lines until end of file. One task reads and one task writes
/// at a time (<see cref="ReadResourceBusy"/> / <see cref="WriteResourceBusy"/> otherwise).
/// </summary>
/// <remarks>
/// Nothing is lost on cancellation: bytes received by a cancelled <see cref="ReadExactlyAsync"/>,
/// <see cref="ReadAllAsync"/> or <see cref="ReadLineAsync"/> stay in the stream's buffer for the next read (Curio
/// instead attaches them to the exception); <see cref="CancelledError.BytesRead"/> says how many there were.
/// A cancelled <see cref="ReadLinesAsync"/> hands over the complete lines in <see cref="CancelledError.LinesRead"/>.
/// </remarks>
public sealed partial class SocketStream : IAsyncDisposable, IAsyncEnumerable<byte[]>
{
    private const int ChunkSize = 64 * 1024;
    private readonly CurioSocket _socket;
    private byte[] _buf = new byte[ChunkSize];
    private int _start, _end, _reading, _writing;

    /// <summary>Wraps a connected socket (usually through <see cref="CurioSocket.AsStream"/>).</summary>
    public SocketStream(CurioSocket socket) => _socket = socket ?? throw new ArgumentNullException(nameof(socket));

    /// <summary>The socket underneath.</summary>
    public CurioSocket Socket => _socket;

    private int Buffered => _end - _start;

    /// <summary>
    /// Reads up to <paramref name="maxBytes"/> bytes (all buffered bytes or one receive when negative): buffered data
    /// if any, without I/O, otherwise one receive. Empty at end of file.
    /// </summary>
    public async ValueTask<byte[]> ReadAsync(int maxBytes = -1)
    {
        using var _ = EnterRead();
        if (maxBytes == 0) return [];
        if (Buffered == 0 && await FillAsync().ConfigureAwait(true) == 0) return [];
        return Take(maxBytes < 0 ? Buffered : Math.Min(maxBytes, Buffered));
    }

    /// <summary>Reads until end of file. If cancelled, the bytes read stay buffered; BytesRead counts them and PartialData holds a copy.</summary>
    public async ValueTask<byte[]> ReadAllAsync()
    {
        using var _ = EnterRead();
        try
        {
            while (await FillAsync().ConfigureAwait(true) > 0) { }
        }
        catch (CancelledError e)
        {
            e.BytesRead = Buffered;
            e.PartialData = _buf.AsSpan(_start, Buffered).ToArray();
            throw;
        }
        return Take(Buffered);
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes. A premature end of file raises <see cref="EndOfStreamException"/>
    /// ("Unexpected end of data"); the partial bytes stay buffered and a copy is in its <c>Data["BytesRead"]</c>. If cancelled, BytesRead counts the bytes read and PartialData holds them.
    /// </summary>
    public async ValueTask<byte[]> ReadExactlyAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var _ = EnterRead();
        try
        {
            while (Buffered < count)
            {
                if (await FillAsync(count - Buffered).ConfigureAwait(true) == 0)
                    throw StreamEnd.Premature($"Unexpected end of data: {Buffered} of {count} bytes received.", _buf.AsSpan(_start, Buffered));
            }
        }
        catch (CancelledError e)
        {
            e.BytesRead = Math.Min(Buffered, count);
            e.PartialData = _buf.AsSpan(_start, (int)e.BytesRead).ToArray();
            throw;
        }
        return Take(count);
    }

    /// <summary>Reads into <paramref name="buffer"/> until it is full or end of file (Curio's <c>readinto</c>).</summary>
    public async ValueTask<int> ReadIntoAsync(Memory<byte> buffer)
    {
        using var _ = EnterRead();
        var n = 0;
        try
        {
            while (n < buffer.Length)
            {
                if (Buffered == 0)
                {
                    // large reads go straight from the socket into the caller's buffer
                    if (buffer.Length - n >= ChunkSize)
                    {
                        var got = await _socket.RecvIntoAsync(buffer[n..]).ConfigureAwait(true);
                        if (got == 0) break;
                        n += got;
                        continue;
                    }
                    if (await FillAsync().ConfigureAwait(true) == 0) break;
                }
                var k = Math.Min(Buffered, buffer.Length - n);
                _buf.AsSpan(_start, k).CopyTo(buffer.Span[n..]);
                _start += k;
                n += k;
            }
        }
        catch (CancelledError e)
        {
            e.BytesRead = n;
            throw;
        }
        return n;
    }

    /// <summary>Reads one line including its <c>\n</c>; at end of file the remainder without one, then empty.</summary>
    public async ValueTask<byte[]> ReadLineAsync()
    {
        using var _ = EnterRead();
        return await ReadLineCoreAsync().ConfigureAwait(true);
    }

    private async ValueTask<byte[]> ReadLineCoreAsync()
    {
        var scanned = 0;
        while (true)
        {
            var i = _buf.AsSpan(_start + scanned, Buffered - scanned).IndexOf((byte)'\n');
            if (i >= 0) return Take(scanned + i + 1);
            scanned = Buffered;
            if (await FillAsync().ConfigureAwait(true) == 0) return Take(Buffered);
        }
    }

    /// <summary>All lines until end of file. If cancelled, the complete lines read so far are in LinesRead.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> ReadLinesAsync()
    {
        using var _ = EnterRead();
        var lines = new List<byte[]>();
        try
        {
            while (true)
            {
                var line = await ReadLineCoreAsync().ConfigureAwait(true);
                if (line.Length == 0) return lines;
                lines.Add(line);
            }
        }
        catch (CancelledError e)
        {
            e.LinesRead = lines;
            throw;
        }
    }

    /// <summary>Lines until end of file (Curio's <c>async for line in stream</c>).</summary>
    public async IAsyncEnumerator<byte[]> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var line = await ReadLineAsync().ConfigureAwait(true);
            if (line.Length == 0) yield break;
            yield return line;
        }
    }

    /// <summary>Writes all of <paramref name="data"/>; returns its length. If cancelled, BytesWritten says how much went out.</summary>
    public async ValueTask<int> WriteAsync(ReadOnlyMemory<byte> data)
    {
        using var _ = EnterWrite();
        try { await _socket.SendAllAsync(data).ConfigureAwait(true); }
        catch (CancelledError e)
        {
            e.BytesWritten = e.BytesSent;
            throw;
        }
        return data.Length;
    }

    /// <summary>Writes each line in turn. If cancelled, BytesWritten counts every byte written across all lines.</summary>
    public async ValueTask WriteLinesAsync(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var _ = EnterWrite();
        long written = 0;
        foreach (var line in lines)
        {
            try { await _socket.SendAllAsync(line).ConfigureAwait(true); }
            catch (CancelledError e)
            {
                e.BytesWritten = written + (e.BytesSent ?? 0);
                throw;
            }
            written += line.Length;
        }
    }

    /// <summary>Nothing to do: writes are handed to the connection at once (kept for Curio's API).</summary>
    public ValueTask FlushAsync() => default;

    /// <summary>Closes the stream and its socket (a stream made by <see cref="CurioSocket.MakeFile"/>: the stream only).</summary>
    public ValueTask CloseAsync() => _ownsSocket ? _socket.CloseAsync() : CloseFile();

    /// <summary>Closes the stream and its socket (Curio's <c>async with stream</c>).</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>Receives more bytes into the buffer; returns the count (0 at end of file).</summary>
    private async ValueTask<int> FillAsync(int atLeast = 0)
    {
        if (_start == _end) _start = _end = 0;
        var want = Math.Max(atLeast, 1);
        if (_buf.Length - _end < Math.Max(want, 4096))
        {
            var need = Buffered + Math.Max(want, ChunkSize);
            if (need <= _buf.Length) Buffer.BlockCopy(_buf, _start, _buf, 0, Buffered);
            else
            {
                var bigger = new byte[Math.Max(need, _buf.Length * 2)];
                Buffer.BlockCopy(_buf, _start, bigger, 0, Buffered);
                _buf = bigger;
            }
            _end = Buffered;
            _start = 0;
        }
        var n = await _socket.RecvIntoAsync(_buf.AsMemory(_end)).ConfigureAwait(true);
        _end += n;
        return n;
    }

    private byte[] Take(int n)
    {
        var r = _buf.AsSpan(_start, n).ToArray();
        _start += n;
        if (_start == _end) _start = _end = 0;
        return r;
    }

    private Releaser EnterRead()
    {
        CheckMode(read: true);
        if (Interlocked.Exchange(ref _reading, 1) == 1) throw new ReadResourceBusy("Another task is already reading from this stream.");
        return new Releaser(this, read: true);
    }

    private Releaser EnterWrite()
    {
        CheckMode(read: false);
        if (Interlocked.Exchange(ref _writing, 1) == 1) throw new WriteResourceBusy("Another task is already writing to this stream.");
        return new Releaser(this, read: false);
    }

    private readonly struct Releaser(SocketStream stream, bool read) : IDisposable
    {
        public void Dispose()
        {
            if (read) Volatile.Write(ref stream._reading, 0);
            else Volatile.Write(ref stream._writing, 0);
        }
    }
}
