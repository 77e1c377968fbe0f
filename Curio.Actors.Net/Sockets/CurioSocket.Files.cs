namespace Curio.Actors.Net;

// Curio's makefile(mode) and the standard socket's sendfile: files over a socket, and a file's bytes into one.
public sealed partial class CurioSocket
{
    private const int SendFileChunk = 256 * 1024; // the outbox's size: one chunk fills it

    /// <summary>
    /// A file-like stream over this socket (Curio's <c>makefile(mode)</c>): a <see cref="SocketStream"/> that reads
    /// ("rb", or "b"), writes ("wb") or both ("rwb"), with a read buffer of its own. Closing it does not close the
    /// socket, as in Curio; closing the socket ends the file too (CPython would keep the connection until the file's
    /// close, but a socket here has one owner of its connection).
    /// </summary>
    /// <param name="mode">'r', 'w' and 'b' in any order; 'b' is required (Curio refuses text modes).</param>
    /// <exception cref="ArgumentException">A text mode, or a letter other than r, w, b.</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public SocketStream MakeFile(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        if (mode.Any(c => c is not ('r' or 'w' or 'b')))
            throw new ArgumentException($"Invalid mode '{mode}' (only r, w, b allowed).", nameof(mode));
        if (!mode.Contains('b')) throw new ArgumentException("File can only be created in binary mode.", nameof(mode));
        if (IsClosed) throw new ObjectDisposedException(nameof(CurioSocket), $"The socket connected to {_conn.Remote} is closed.");
        var writing = mode.Contains('w');
        return new SocketStream(this, canRead: mode.Contains('r') || !writing, canWrite: writing);
    }

    /// <summary>Sends the whole of <paramref name="file"/>; see <see cref="SendFileAsync(FileStream, long, long?)"/>.</summary>
    // The one-argument forms let a method group bind (Spawn(sock.SendFileAsync, path)), as Curio passes sock.sendfile.
    public ValueTask<long> SendFileAsync(FileStream file) => SendFileAsync(file, 0, null);

    /// <summary>Sends the whole file at <paramref name="path"/>; see <see cref="SendFileAsync(FileStream, long, long?)"/>.</summary>
    public ValueTask<long> SendFileAsync(string path) => SendFileAsync(path, 0, null);

    /// <summary>
    /// Sends the bytes of <paramref name="file"/> from <paramref name="offset"/> (from its start, not its position),
    /// <paramref name="count"/> of them or up to its end, and returns the count sent (Python's <c>sendfile</c>); the
    /// file's position is then just past the last byte sent. A cancellation point: if cancelled or timed out, the
    /// exception's <see cref="CancelledError.BytesSent"/> says how many bytes were sent, and the position is past them.
    /// </summary>
    /// <exception cref="ArgumentException">The file cannot be read or seeked.</exception>
    public async ValueTask<long> SendFileAsync(FileStream file, long offset = 0, long? count = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (count is < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count must not be negative.");
        if (!file.CanRead || !file.CanSeek) throw new ArgumentException("SendFileAsync needs a readable, seekable file.", nameof(file));
        CurioTask.Require("CurioSocket.SendFileAsync");
        ThrowIfClosed();
        // Read through the handle at explicit offsets (the position moves only at the end); bytes written through the
        // FileStream but still in its buffer go to the file first.
        if (file.CanWrite) await Async.Await(file.FlushAsync()).ConfigureAwait(true);
        var handle = file.SafeFileHandle;
        var chunk = (int)Math.Min(SendFileChunk, Math.Max(1, count ?? SendFileChunk));
        byte[] current = new byte[chunk], next = new byte[chunk];
        long sent = 0, asked = 0, readAt = 0;
        var readWant = 0;
        // Reads run one chunk ahead of the sends, so the thread hop of a file read overlaps the wait for room in the
        // outbox (one read, then one send, at a time ran at a tenth of .NET's sendfile under load).
        Task<int> ReadAhead(byte[] into)
        {
            var want = (int)Math.Min(into.Length, (count ?? long.MaxValue) - asked);
            if (want <= 0) return Task.FromResult(0);
            (readAt, readWant) = (asked, want);
            asked += want;
            return RandomAccess.ReadAsync(handle, into.AsMemory(0, want), offset + readAt).AsTask();
        }
        try
        {
            var reading = ReadAhead(current);
            while (true)
            {
                var n = await Async.Await(reading).ConfigureAwait(true);
                if (n == 0) break;
                if (n < readWant) asked = readAt + n; // a short read: the next one starts where this one ended
                reading = ReadAhead(next);
                try { await SendAllAsync(current.AsMemory(0, n)).ConfigureAwait(true); }
                catch (CancelledError e)
                {
                    sent += e.BytesSent ?? 0;
                    throw;
                }
                sent += n;
                (current, next) = (next, current);
            }
        }
        catch (CancelledError e)
        {
            e.BytesSent = sent;
            throw;
        }
        finally
        {
            if (sent > 0) file.Position = offset + sent;
        }
        return sent;
    }

    /// <summary>Sends the bytes of the file at <paramref name="path"/>; see <see cref="SendFileAsync(FileStream, long, long?)"/>.</summary>
    public async ValueTask<long> SendFileAsync(string path, long offset = 0, long? count = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CurioTask.Require("CurioSocket.SendFileAsync");
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        return await SendFileAsync(file, offset, count).ConfigureAwait(true);
    }
}
