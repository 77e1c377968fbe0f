using System.Runtime.ExceptionServices;
using System.Text;

namespace Curio.Actors;

/// <summary>
/// A file for tasks (Curio's <c>AsyncFile</c>, from <see cref="Async.AOpen"/>): every operation that can block runs off
/// the kernel on .NET's asynchronous file I/O and is a cancellation point. Text modes read and write
/// <see cref="string"/>s in the file's encoding; binary modes (<c>"rb"</c>, <c>"wb"</c>, ...) read and write bytes.
/// The file opens on <c>await AOpen(...)</c> (or on its first operation, in a worker thread) and closes with
/// <c>await using</c>. Nothing is lost to a cancellation: a cancelled read keeps what it had read buffered for the next
/// read (<see cref="CancelledError.BytesRead"/> counts it), and a read or write cut short finishes before the next
/// operation starts. One task at a time (as Curio). Blocking use from plain code outside a task raises
/// <see cref="AsyncOnlyError"/>; async threads use it through <c>AWAIT</c>.
/// </summary>
public sealed class AsyncFile : IAsyncDisposable, IDisposable, IAsyncEnumerable<string>
{
    private const int ChunkSize = 64 * 1024;
    private readonly FileMode _fileMode;
    private readonly FileAccess _access;
    private readonly bool _append;
    private readonly Encoding? _encoding;
    private Decoder? _decoder;
    private FileStream? _stream;
    private bool _closed;

    // Read-ahead: bytes (binary) or decoded characters (text) not handed out yet.
    private byte[] _bytes = [];
    private int _bytesStart;
    private readonly StringBuilder _chars = new();
    private long _heldByDecoder; // bytes the decoder took in but has not turned into characters yet
    private Task<int>? _pendingRead;
    private byte[]? _pendingBuffer;
    private Task? _pendingWrite;

    internal AsyncFile(string path, string mode, Encoding? encoding)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mode);
        Name = path;
        Mode = mode;
        (_fileMode, _access, _append, IsBinary) = ParseMode(mode);
        if (IsBinary && encoding is not null) throw new ArgumentException("A binary mode takes no encoding.", nameof(encoding));
        _encoding = IsBinary ? null : encoding ?? new UTF8Encoding(false);
    }

    /// <summary>The path the file was opened with.</summary>
    public string Name { get; }

    /// <summary>The mode string, as given (<c>"r"</c>, <c>"w"</c>, <c>"a"</c>, <c>"x"</c>, with <c>"b"</c> and <c>"+"</c>).</summary>
    public string Mode { get; }

    /// <summary>True for a binary mode: reads give bytes and writes take bytes.</summary>
    public bool IsBinary { get; }

    /// <summary>The text encoding (UTF-8 by default); null in binary mode.</summary>
    public Encoding? Encoding => _encoding;

    /// <summary>True once closed.</summary>
    public bool Closed => _closed;

    /// <summary>Opens the file (in a worker thread, a cancellation point): <c>await using var f = await AOpen(path);</c>.</summary>
    public System.Runtime.CompilerServices.ValueTaskAwaiter<AsyncFile> GetAwaiter() => OpenAsync().GetAwaiter();

    private async ValueTask<AsyncFile> OpenAsync()
    {
        await Opened();
        return this;
    }

    // ---- text --------------------------------------------------------------------------------------

    /// <summary>Reads <paramref name="size"/> characters (fewer only at end of file), or everything with -1 (Curio's <c>read</c>).</summary>
    public async ValueTask<string> ReadAsync(int size = -1)
    {
        RequireText();
        if (size < 0) return await ReadAllAsync();
        while (_chars.Length < size && await Fill()) { }
        return TakeChars(Math.Min(size, _chars.Length));
    }

    /// <summary>Reads to end of file. Cancelled: what was read stays buffered, <see cref="CancelledError.BytesRead"/> characters.</summary>
    public async ValueTask<string> ReadAllAsync()
    {
        RequireText();
        try
        {
            while (await Fill()) { }
        }
        catch (CancelledError e)
        {
            e.BytesRead = _chars.Length;
            throw;
        }
        return TakeChars(_chars.Length);
    }

    /// <summary>Reads one line with its <c>\n</c>; at end of file the rest without one, then <c>""</c>.</summary>
    public async ValueTask<string> ReadLineAsync()
    {
        RequireText();
        int end;
        var scanned = 0;
        while ((end = IndexOfNewline(scanned)) < 0)
        {
            scanned = _chars.Length;
            if (!await Fill()) return TakeChars(_chars.Length);
        }
        return TakeChars(end + 1);
    }

    /// <summary>Reads every remaining line (Curio's <c>readlines</c>). Cancelled: the lines stay buffered, as for <see cref="ReadAllAsync"/>.</summary>
    public async ValueTask<IReadOnlyList<string>> ReadLinesAsync()
    {
        var all = await ReadAllAsync();
        var lines = new List<string>();
        for (var start = 0; start < all.Length;)
        {
            var nl = all.IndexOf('\n', start);
            var end = nl < 0 ? all.Length : nl + 1;
            lines.Add(all[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>Yields the lines until end of file (Curio's <c>async for line in f</c>).</summary>
    public async IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        while (await ReadLineAsync() is { Length: > 0 } line) yield return line;
    }

    /// <summary>Writes <paramref name="text"/> and returns its length in characters. Cancelled: <see cref="CancelledError.BytesWritten"/> bytes are or will be written.</summary>
    public ValueTask<int> WriteAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        RequireText();
        return WriteCore(_encoding!.GetBytes(text), text.Length);
    }

    /// <summary>Writes each line as given (Curio's <c>writelines</c>: no newlines are added).</summary>
    public async ValueTask WriteLinesAsync(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        RequireText();
        await WriteAll(lines.Select(l => _encoding!.GetBytes(l)));
    }

    // ---- binary ------------------------------------------------------------------------------------

    /// <summary>Binary mode: up to <paramref name="size"/> bytes (buffered ones first, else one read), or everything with -1; empty at end of file.</summary>
    public async ValueTask<byte[]> ReadBytesAsync(int size = -1)
    {
        RequireBinary();
        if (size < 0) return await ReadAllBytesAsync();
        if (BufferedBytes == 0) await Fill();
        return TakeBytes(Math.Min(size, BufferedBytes));
    }

    /// <summary>Binary mode: reads to end of file. Cancelled: the bytes stay buffered, <see cref="CancelledError.BytesRead"/> of them.</summary>
    public async ValueTask<byte[]> ReadAllBytesAsync()
    {
        RequireBinary();
        try
        {
            while (await Fill()) { }
        }
        catch (CancelledError e)
        {
            e.BytesRead = BufferedBytes;
            throw;
        }
        return TakeBytes(BufferedBytes);
    }

    /// <summary>Binary mode: reads into <paramref name="buffer"/> (Curio's <c>readinto</c>) and returns the count, 0 at end of file.</summary>
    public async ValueTask<int> ReadIntoAsync(Memory<byte> buffer)
    {
        RequireBinary();
        if (BufferedBytes == 0 && buffer.Length > 0) await Fill();
        var n = Math.Min(buffer.Length, BufferedBytes);
        _bytes.AsMemory(_bytesStart, n).CopyTo(buffer);
        _bytesStart += n;
        return n;
    }

    /// <summary>Binary mode: writes all of <paramref name="data"/> and returns its length.</summary>
    public ValueTask<int> WriteAsync(ReadOnlyMemory<byte> data)
    {
        RequireBinary();
        return WriteCore(data.ToArray(), data.Length); // a copy: the caller may reuse its buffer at once
    }

    /// <summary>Binary mode: writes each chunk in turn; <see cref="CancelledError.BytesWritten"/> counts across them.</summary>
    public async ValueTask WriteLinesAsync(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        RequireBinary();
        await WriteAll(lines.Select(l => (byte[])l.Clone()));
    }

    // ---- both --------------------------------------------------------------------------------------

    /// <summary>Writes out what the file holds in its buffers. A cancellation point.</summary>
    public async ValueTask FlushAsync()
    {
        var fs = await Opened();
        await Settle();
        await Async.Await(fs.FlushAsync());
    }

    /// <summary>Moves to <paramref name="offset"/> from <paramref name="origin"/> and returns the new position; the read-ahead is dropped.</summary>
    public async ValueTask<long> SeekAsync(long offset, SeekOrigin origin = SeekOrigin.Begin)
    {
        var fs = await Opened();
        await Settle();
        var target = origin == SeekOrigin.Current ? Position(fs) + offset : origin == SeekOrigin.End ? fs.Length + offset : offset;
        DropReadAhead(fs, target);
        return target;
    }

    /// <summary>The position in bytes where the next read or write happens (Curio's <c>tell</c>).</summary>
    public async ValueTask<long> TellAsync()
    {
        var fs = await Opened();
        await Settle();
        return Position(fs);
    }

    /// <summary>Cuts (or extends) the file to <paramref name="size"/> bytes, by default at the current position; returns the size.</summary>
    public async ValueTask<long> TruncateAsync(long? size = null)
    {
        var fs = await Opened();
        await Settle();
        var position = Position(fs);
        var length = size ?? position;
        DropReadAhead(fs, position);
        await Async.RunInThread(() => fs.SetLength(length));
        return length;
    }

    /// <summary>
    /// The plain synchronous stream, for deliberate blocking use (Curio's <c>blocking()</c>), positioned where this file
    /// is. <see cref="IOException"/> while read-ahead data is buffered (it would be lost) or an operation is unfinished.
    /// </summary>
    public Stream Blocking()
    {
        var fs = _stream ?? throw new InvalidOperationException($"{Name} is not open yet: await it (await AOpen(...)) first.");
        if (_closed) throw new ObjectDisposedException(Name);
        if (BufferedBytes > 0 || _chars.Length > 0 || _heldByDecoder > 0)
            throw new IOException($"{Name} has unread buffered data, which blocking use would lose: read it first.");
        if (_pendingRead is not null || _pendingWrite is { IsCompleted: false })
            throw new IOException($"{Name} has an unfinished operation (one that was cancelled): finish it with an async call first.");
        return fs;
    }

    /// <summary>Closes the file, after finishing a write cut short by a cancellation. Idempotent.</summary>
    public async ValueTask CloseAsync()
    {
        if (_closed) return;
        Require(nameof(CloseAsync));
        try
        {
            if (_stream is { } fs)
            {
                await Settle();
                await Async.Await(fs.DisposeAsync().AsTask());
            }
        }
        finally
        {
            _closed = true;
            _stream?.Dispose();
        }
    }

    /// <summary>Closes the file (<c>await using</c>).</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>
    /// Closes the file from an async thread (Curio's <c>with aopen(...)</c> there, through AWAIT); elsewhere
    /// <see cref="AsyncOnlyError"/>: a task uses <c>await using</c>.
    /// </summary>
    public void Dispose()
    {
        if (!Async.IsAsyncThread) throw new AsyncOnlyError($"{Name} is an async file: close it with await using (or CloseAsync) in a task.");
        Async.AWAIT(CloseAsync);
    }

    /// <inheritdoc />
    public override string ToString() => $"AsyncFile({Name}, mode={Mode}{(_closed ? ", closed" : "")})";

    // ---- machinery ---------------------------------------------------------------------------------

    private int BufferedBytes => _bytes.Length - _bytesStart;

    /// <summary>Read-ahead not handed out yet: bytes in binary mode, characters in text mode.</summary>
    internal int Buffered => IsBinary ? BufferedBytes : _chars.Length;

    private CurioTask Require(string operation) => CurioTask.Current ?? throw new AsyncOnlyError(
        $"AsyncFile.{operation} must be awaited in a Curio task, or AWAITed in an async thread; plain code can use File or FileStream.");

    private async ValueTask<FileStream> Opened()
    {
        Require("open");
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_stream is { } fs) return fs;
        var opened = await Async.RunInThread(() => new FileStream(Name, _fileMode, _access, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous));
        if (_closed || _stream is not null) // closed or opened by someone else meanwhile: keep the first
        {
            await opened.DisposeAsync();
            ObjectDisposedException.ThrowIf(_closed, this);
            return _stream!;
        }
        if (_append) opened.Seek(0, SeekOrigin.End);
        return _stream = opened;
    }

    private void RequireText()
    {
        if (IsBinary) throw new InvalidOperationException($"{Name} is open in binary mode ({Mode}): use the byte methods (ReadBytesAsync, WriteAsync(bytes)).");
    }

    private void RequireBinary()
    {
        if (!IsBinary) throw new InvalidOperationException($"{Name} is open in text mode ({Mode}): use the string methods, or open it with a \"b\" mode.");
    }

    /// <summary>One read from the file into the read-ahead; false at end of file. A read cut short is resumed, never repeated.</summary>
    private async ValueTask<int> ReadChunk(FileStream fs)
    {
        if (!_access.HasFlag(FileAccess.Read)) throw new NotSupportedException($"{Name} is not open for reading ({Mode}).");
        await SettleWrite();
        if (_pendingRead is null)
        {
            _pendingBuffer = new byte[ChunkSize];
            _pendingRead = fs.ReadAsync(_pendingBuffer, 0, ChunkSize, CancellationToken.None);
        }
        var read = _pendingRead;
        var n = read.IsCompleted ? read.GetAwaiter().GetResult() : await Async.Await(read);
        _pendingRead = null;
        return n;
    }

    /// <summary>One more chunk into the read-ahead; false at end of file.</summary>
    private async ValueTask<bool> Fill()
    {
        var n = await ReadChunk(await Opened());
        if (n > 0) Keep(n);
        else if (_decoder is { } d)
        {
            var rest = new char[4];
            _chars.Append(rest, 0, d.GetChars([], 0, 0, rest, 0, flush: true)); // a truncated sequence becomes U+FFFD
            _heldByDecoder = 0;
        }
        return n > 0;
    }

    private byte[] TakeBytes(int n)
    {
        var result = _bytes.AsSpan(_bytesStart, n).ToArray();
        _bytesStart += n;
        return result;
    }

    private string TakeChars(int n)
    {
        var s = _chars.ToString(0, n);
        _chars.Remove(0, n);
        return s;
    }

    private int IndexOfNewline(int from)
    {
        for (var i = from; i < _chars.Length; i++)
            if (_chars[i] == '\n') return i;
        return -1;
    }

    /// <summary>Where the caller is in the file: the stream's position less what is read ahead.</summary>
    private long Position(FileStream fs)
    {
        var ahead = IsBinary ? BufferedBytes : _heldByDecoder + (_chars.Length == 0 ? 0 : _encoding!.GetByteCount(_chars.ToString()));
        return fs.Position - ahead;
    }

    private void DropReadAhead(FileStream fs, long position)
    {
        _bytes = [];
        _bytesStart = 0;
        _chars.Clear();
        _decoder?.Reset();
        _heldByDecoder = 0;
        fs.Seek(position, SeekOrigin.Begin);
    }

    /// <summary>Finishes a read or write that a cancellation cut short (a cancellation point while it waits).</summary>
    private async ValueTask Settle()
    {
        await SettleWrite();
        if (_pendingRead is { } read)
        {
            var n = read.IsCompleted ? read.GetAwaiter().GetResult() : await Async.Await(read);
            _pendingRead = null;
            if (n > 0) Keep(n);
        }
    }

    /// <summary>A settled read's bytes join the read-ahead.</summary>
    private void Keep(int n)
    {
        if (IsBinary)
        {
            var joined = new byte[BufferedBytes + n];
            _bytes.AsSpan(_bytesStart).CopyTo(joined);
            _pendingBuffer.AsSpan(0, n).CopyTo(joined.AsSpan(BufferedBytes));
            _bytes = joined;
            _bytesStart = 0;
            return;
        }
        _decoder ??= _encoding!.GetDecoder();
        var chars = new char[_encoding!.GetMaxCharCount(n)];
        var count = _decoder.GetChars(_pendingBuffer!, 0, n, chars, 0, flush: false);
        _chars.Append(chars, 0, count);
        _heldByDecoder += n - _encoding.GetByteCount(chars, 0, count);
    }

    private async ValueTask SettleWrite()
    {
        if (_pendingWrite is not { } write) return;
        if (!write.IsCompleted) await Async.Await(write);
        _pendingWrite = null;
        if (!write.IsCompletedSuccessfully) ExceptionDispatchInfo.Throw(write.Exception?.InnerException ?? new IOException($"A write to {Name} failed."));
    }

    private async ValueTask<int> WriteCore(byte[] data, int reported)
    {
        var fs = await Opened();
        if (!_access.HasFlag(FileAccess.Write)) throw new NotSupportedException($"{Name} is not open for writing ({Mode}).");
        await Settle();
        if (BufferedBytes > 0 || _chars.Length > 0 || _heldByDecoder > 0) DropReadAhead(fs, Position(fs)); // write where the reader is
        else if (_append) fs.Seek(0, SeekOrigin.End);
        _pendingWrite = fs.WriteAsync(data, 0, data.Length, CancellationToken.None);
        try
        {
            await SettleWrite();
        }
        catch (CancelledError e)
        {
            e.BytesWritten = data.Length; // in flight: it is written whole before the next operation
            throw;
        }
        return reported;
    }

    private async ValueTask WriteAll(IEnumerable<byte[]> chunks)
    {
        long total = 0;
        foreach (var chunk in chunks)
        {
            try { total += await WriteCore(chunk, chunk.Length); }
            catch (CancelledError e)
            {
                e.BytesWritten = total + (e.BytesWritten ?? 0);
                throw;
            }
        }
    }

    private static (FileMode, FileAccess, bool, bool) ParseMode(string mode)
    {
        var binary = mode.Contains('b');
        if (mode.Length == 0 || mode.Any(c => !"rwaxbt+".Contains(c)) || mode.Distinct().Count() != mode.Length
            || mode.Count(c => "rwax".Contains(c)) != 1 || (binary && mode.Contains('t')))
            throw new ArgumentException($"Invalid mode '{mode}': one of r, w, a, x, optionally with b or t and +.", nameof(mode));
        var plus = mode.Contains('+');
        return mode.First(c => "rwax".Contains(c)) switch
        {
            'r' => (FileMode.Open, plus ? FileAccess.ReadWrite : FileAccess.Read, false, binary),
            'w' => (FileMode.Create, plus ? FileAccess.ReadWrite : FileAccess.Write, false, binary),
            'a' => (FileMode.OpenOrCreate, plus ? FileAccess.ReadWrite : FileAccess.Write, true, binary),
            _ => (FileMode.CreateNew, plus ? FileAccess.ReadWrite : FileAccess.Write, false, binary),
        };
    }
}
