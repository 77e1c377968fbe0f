using System.Runtime.ExceptionServices;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// One end of a pipe to a child process (Curio's <c>FileStream</c> over a subprocess pipe): <see cref="Popen.Stdin"/>
/// is written, <see cref="Popen.Stdout"/> and <see cref="Popen.Stderr"/> are read. Reads and writes that have to wait
/// are Curio blocking operations, so cancellations and timeouts land there; what they had done is reported on the
/// <see cref="CancelledError"/> and nothing is lost: a read interrupted by a cancel stays in flight and its bytes
/// go to the next read; a chunk being written when a cancel lands is still written whole (and counted in
/// <see cref="CancelledError.BytesWritten"/>), and the next write waits for it. <c>await foreach</c> yields lines.
/// One task at a time may read (and one write): a second one gets <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class SubprocessStream : IAsyncDisposable, IAsyncEnumerable<byte[]>
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream _stream;
    private readonly object _gate = new();
    private readonly bool _readable;

    // Read side: unread bytes are _buffer[_start.._end); a read in flight fills _chunk.
    private byte[] _buffer = [];
    private int _start, _end;
    private byte[]? _chunk;
    private Task<int>? _pendingRead;
    private bool _eof;
    private object? _reader;

    // Write side: at most one chunk in flight, from _outgoing.
    private byte[]? _outgoing;
    private Task? _pendingWrite;
    private object? _writer;
    private bool _closed;

    internal SubprocessStream(Stream stream, bool readable, string name)
    {
        _stream = stream;
        _readable = readable;
        Name = name;
    }

    /// <summary>Which stream of the child this is: stdin, stdout or stderr.</summary>
    public string Name { get; }

    /// <summary>True once <see cref="CloseAsync"/> ran.</summary>
    public bool IsClosed => _closed;

    /// <summary>Bytes already read from the pipe and not yet returned to a reader.</summary>
    public int Buffered { get { lock (_gate) return _end - _start; } }

    // ---- reading ------------------------------------------------------------------------------

    /// <summary>
    /// Returns up to <paramref name="maxBytes"/> bytes (all buffered bytes, or one pipe read, when -1): buffered data
    /// at once without blocking, otherwise the next data the child writes; an empty array at end of stream.
    /// </summary>
    public async ValueTask<byte[]> ReadAsync(int maxBytes = -1)
    {
        if (maxBytes == 0 || maxBytes < -1) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "Read at least one byte, or -1 for whatever is available.");
        var me = EnterRead(nameof(ReadAsync));
        try
        {
            if (Buffered == 0) await FillAsync();
            return Take(maxBytes < 0 ? int.MaxValue : maxBytes);
        }
        finally { ExitRead(me); }
    }

    /// <summary>
    /// Reads until end of stream and returns everything (Curio's <c>readall</c>). On cancellation the bytes read so far
    /// stay buffered for the next read and their count is <see cref="CancelledError.BytesRead"/>.
    /// </summary>
    public async ValueTask<byte[]> ReadAllAsync()
    {
        var me = EnterRead(nameof(ReadAllAsync));
        try
        {
            while (await FillAsync()) { }
            return Take(int.MaxValue);
        }
        catch (CancelledError e)
        {
            e.BytesRead = Buffered;
            e.PartialData = _buffer.AsSpan(_start, Buffered).ToArray();
            throw;
        }
        finally { ExitRead(me); }
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes (Curio's <c>read_exactly</c>). A premature end of stream raises
    /// <see cref="EndOfStreamException"/> (a copy of the bytes in its <c>Data["BytesRead"]</c>) and leaves the bytes that did arrive buffered; on cancellation they also stay
    /// buffered and their count is <see cref="CancelledError.BytesRead"/>.
    /// </summary>
    public async ValueTask<byte[]> ReadExactlyAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var me = EnterRead(nameof(ReadExactlyAsync));
        try
        {
            while (Buffered < count)
                if (!await FillAsync()) throw StreamEnd.Premature($"Unexpected end of data: {Buffered} of {count} bytes arrived.", _buffer.AsSpan(_start, Buffered));
            return Take(count);
        }
        catch (CancelledError e)
        {
            e.BytesRead = Buffered;
            e.PartialData = _buffer.AsSpan(_start, Buffered).ToArray();
            throw;
        }
        finally { ExitRead(me); }
    }

    /// <summary>
    /// Reads one line, its <c>\n</c> included (Curio's <c>readline</c>). At end of stream it returns the unterminated
    /// rest, then an empty array. A cancelled readline loses nothing: the partial line stays buffered.
    /// </summary>
    public async ValueTask<byte[]> ReadLineAsync()
    {
        var me = EnterRead(nameof(ReadLineAsync));
        try
        {
            var scanned = 0;
            while (true)
            {
                lock (_gate)
                {
                    var i = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
                    if (i >= 0) return TakeLocked(scanned + i + 1);
                    scanned = _end - _start;
                }
                if (!await FillAsync()) return Take(int.MaxValue);
            }
        }
        finally { ExitRead(me); }
    }

    /// <summary>Reads all lines to end of stream (Curio's <c>readlines</c>); on cancellation the lines so far are <see cref="CancelledError.LinesRead"/>.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> ReadLinesAsync()
    {
        var lines = new List<byte[]>();
        try
        {
            while (await ReadLineAsync() is { Length: > 0 } line) lines.Add(line);
            return lines;
        }
        catch (CancelledError e)
        {
            e.LinesRead = lines;
            throw;
        }
    }

    /// <summary>Yields lines until end of stream (Curio's <c>async for line in stream</c>).</summary>
    public async IAsyncEnumerator<byte[]> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await ReadLineAsync() is { Length: > 0 } line) yield return line;
    }

    private object EnterRead(string operation)
    {
        if (!_readable) throw new NotSupportedException($"{Name} is written, not read.");
        var me = CurioTask.Require(operation);
        Acquire(ref _reader, me);
        return me;
    }

    private void ExitRead(object who) => Release(ref _reader, who);

    private void Acquire(ref object? holder, object who)
    {
        lock (_gate)
        {
            if (holder is not null && holder != who)
                throw new InvalidOperationException($"{Name} is already in use by another task (Curio's ResourceBusy): one reader and one writer at a time.");
            holder = who;
        }
    }

    private void Release(ref object? holder, object who)
    {
        lock (_gate) if (holder == who) holder = null;
    }

    /// <summary>One more pipe read into the buffer, as a blocking operation. False at end of stream.</summary>
    private async ValueTask<bool> FillAsync()
    {
        Task<int> read;
        lock (_gate)
        {
            if (_eof) return false;
            read = StartReadLocked();
        }
        if (!read.IsCompleted)
        {
            try { await Async.Await(read); }
            catch (CancelledError) { throw; } // the read stays in flight for the next reader
            catch (Exception) { } // rethrown by the commit below
        }
        lock (_gate)
        {
            CommitLocked(read);
            return !_eof || _end > _start;
        }
    }

    private Task<int> StartReadLocked()
    {
        if (_closed) throw new ObjectDisposedException(Name, $"{Name} is closed.");
        _chunk ??= new byte[ChunkSize];
        return _pendingRead ??= _stream.ReadAsync(_chunk, 0, ChunkSize);
    }

    /// <summary>Moves a completed read into the buffer, once: whoever commits first wins.</summary>
    private void CommitLocked(Task<int> read)
    {
        if (_pendingRead != read) return;
        _pendingRead = null;
        if (!read.IsCompletedSuccessfully)
        {
            var e = read.Exception?.InnerException ?? new OperationCanceledException($"The read of {Name} was cancelled.");
            ExceptionDispatchInfo.Throw(e);
        }
        var n = read.Result;
        if (n == 0)
        {
            _eof = true;
            return;
        }
        if (_buffer.Length - _end < n)
        {
            var live = _end - _start;
            var target = _buffer.Length >= (live + n) * 2 ? _buffer : new byte[Math.Max(ChunkSize, (live + n) * 2)];
            Buffer.BlockCopy(_buffer, _start, target, 0, live);
            _buffer = target;
            _start = 0;
            _end = live;
        }
        Buffer.BlockCopy(_chunk!, 0, _buffer, _end, n);
        _end += n;
    }

    private byte[] Take(int max)
    {
        lock (_gate) return TakeLocked(Math.Min(max, _end - _start));
    }

    private byte[] TakeLocked(int n)
    {
        var result = _buffer.AsSpan(_start, n).ToArray();
        _start += n;
        if (_start == _end) _start = _end = 0;
        return result;
    }

    // ---- communicate: plain .NET pumps, no kernel round trip per chunk --------------------------

    /// <summary>Claims the read side for a pump, or fails like a second reader would.</summary>
    internal void EnterPump(object pump) => Acquire(ref _reader, pump);

    /// <summary>Stops the pump: a read it has in flight is left for the next reader.</summary>
    internal void ExitPump(object pump) => Release(ref _reader, pump);

    /// <summary>Reads to end of stream into the buffer while <paramref name="pump"/> holds the read side.</summary>
    internal async Task PumpAsync(object pump)
    {
        while (true)
        {
            Task<int> read;
            lock (_gate)
            {
                if (_reader != pump || _eof) return;
                read = StartReadLocked();
            }
            try { await read.ConfigureAwait(false); }
            catch (Exception) { } // rethrown by the commit below
            lock (_gate)
            {
                if (_reader != pump) return;
                CommitLocked(read);
            }
        }
    }

    /// <summary>Removes and returns every buffered byte.</summary>
    internal byte[] TakeBuffered() => Take(int.MaxValue);

    /// <summary>Writes <paramref name="input"/> and closes, as a plain .NET operation (communicate's stdin side).</summary>
    internal async Task WriteAllAndCloseAsync(ReadOnlyMemory<byte> input)
    {
        if (_pendingWrite is { } previous) await previous.ConfigureAwait(false);
        _pendingWrite = null;
        try
        {
            if (!input.IsEmpty) await _stream.WriteAsync(input).ConfigureAwait(false);
        }
        finally
        {
            CloseNow();
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    /// <summary>
    /// Writes all of <paramref name="data"/> and returns its length (Curio's <c>write</c>). On cancellation
    /// <see cref="CancelledError.BytesWritten"/> counts the bytes that were or will still be delivered: resume
    /// with the rest. A child that closed its end raises <see cref="IOException"/> (broken pipe).
    /// </summary>
    public async ValueTask<int> WriteAsync(ReadOnlyMemory<byte> data)
    {
        var me = EnterWrite(nameof(WriteAsync));
        long written = 0;
        try
        {
            await AwaitPendingWrite();
            while (written < data.Length)
            {
                var n = (int)Math.Min(ChunkSize, data.Length - written);
                _outgoing ??= new byte[ChunkSize];
                data.Slice((int)written, n).CopyTo(_outgoing); // the caller may reuse its buffer once we return
                var write = _stream.WriteAsync(_outgoing, 0, n);
                _pendingWrite = write;
                written += n; // a chunk in flight is always delivered whole
                await AwaitPendingWrite();
            }
            return data.Length;
        }
        catch (CancelledError e)
        {
            e.BytesWritten = written;
            throw;
        }
        finally { Release(ref _writer, me); }
    }

    /// <summary>Writes each line in turn (Curio's <c>writelines</c>); <see cref="CancelledError.BytesWritten"/> counts across lines.</summary>
    public async ValueTask WriteLinesAsync(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        long total = 0;
        foreach (var line in lines)
        {
            try { total += await WriteAsync(line); }
            catch (CancelledError e)
            {
                e.BytesWritten = total + (e.BytesWritten ?? 0);
                throw;
            }
        }
    }

    /// <summary>Waits until everything written has reached the pipe. A cancellation point if it has to wait.</summary>
    public async ValueTask FlushAsync()
    {
        var me = EnterWrite(nameof(FlushAsync));
        try { await AwaitPendingWrite(); }
        finally { Release(ref _writer, me); }
    }

    private object EnterWrite(string operation)
    {
        if (_readable) throw new NotSupportedException($"{Name} is read, not written.");
        var me = CurioTask.Require(operation);
        if (_closed) throw new ObjectDisposedException(Name, $"{Name} is closed.");
        Acquire(ref _writer, me);
        return me;
    }

    private async ValueTask AwaitPendingWrite()
    {
        if (_pendingWrite is not { } write) return;
        if (!write.IsCompleted) await Async.Await(write);
        _pendingWrite = null;
        if (!write.IsCompletedSuccessfully) ExceptionDispatchInfo.Throw(write.Exception?.InnerException ?? new IOException($"The write to {Name} was cancelled."));
    }

    // ---- closing ------------------------------------------------------------------------------

    /// <summary>
    /// Closes the pipe (Curio's <c>close</c>): first waits for a chunk still being written, then closes, so the
    /// child sees end of input on stdin. Idempotent.
    /// </summary>
    public async ValueTask CloseAsync()
    {
        if (_closed) return;
        try
        {
            if (_pendingWrite is { IsCompleted: false } && CurioTask.Current is not null) await AwaitPendingWrite();
        }
        finally
        {
            CloseNow();
        }
    }

    /// <summary>Closes the pipe; see <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>
    /// Hands the pipe to another child (a pipeline): returns its descriptor and closes this side for reading; the
    /// descriptor stays open until <see cref="ReleaseHandedOver"/>.
    /// </summary>
    internal int HandOver()
    {
        lock (_gate)
        {
            if (!_readable) throw new ArgumentException($"{Name} is written, not read: a child's stdin must be another child's stdout or stderr.");
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_end > _start || _pendingRead is not null || _reader is not null)
                throw new IOException($"{Name} holds data already read from the pipe (or a read in progress), which the next child would never see.");
            _closed = true; // reads from here now raise: the pipe belongs to the other child
        }
        return (int)(_stream switch
        {
            System.IO.Pipes.PipeStream pipe => pipe.SafePipeHandle.DangerousGetHandle(),
            FileStream file => file.SafeFileHandle.DangerousGetHandle(),
            _ => throw new NotSupportedException($"{Name} is a {_stream.GetType().Name}, which has no descriptor to hand over."),
        });
    }

    /// <summary>Closes a handed-over pipe's descriptor here (the other child has exited).</summary>
    internal void ReleaseHandedOver() => _stream.Dispose();

    internal void CloseNow()
    {
        Task? read, write;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            read = _pendingRead;
            write = _pendingWrite;
        }
        try { _stream.Dispose(); }
        catch (IOException) { } // a broken pipe on the final flush: the child is gone
        Observe(read);
        Observe(write);
    }

    private static void Observe(Task? t) =>
        t?.ContinueWith(static x => _ = x.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
