using System.Buffers;

namespace Curio.Actors.Net;

// Curio's blocking(): an escape to plain synchronous I/O for library code that needs a Stream. The connection is an
// Akka.Streams one (there is no OS socket to hand out), so the escape is a synchronous Stream over the same inbox,
// outbox and TLS session; its reads and writes block the calling thread, never a task.
public sealed partial class CurioSocket
{
    private int _blocking; // 1 while a Blocking() stream is out: the async calls are refused meanwhile

    /// <summary>
    /// Hands out a plain synchronous <see cref="Stream"/> over this connection (Curio's <c>with sock.blocking() as s:</c>)
    /// for library code that needs one: <see cref="Stream.Read(byte[], int, int)"/> blocks until bytes come (0 at end of
    /// file), <see cref="Stream.Write(byte[], int, int)"/> until the bytes are queued, in TLS when the socket has TLS.
    /// Disposing the stream returns the socket to async use; it never closes the connection.
    /// </summary>
    /// <remarks>
    /// The stream blocks the thread that calls it, so use it from a thread (<c>RunInThread</c>, <c>SpawnThread</c>, a
    /// thread of your own), as Curio's blocking socket is meant for: on a task it stalls the kernel, and on a Sequential
    /// kernel a peer served by the same kernel would never answer. Nothing is lost either way: bytes a cancelled TLS
    /// receive left decrypted or still reading come out of the stream first, and a cancelled send's record goes out
    /// before the stream's first write. While the stream is out, the socket's receives and sends throw
    /// <see cref="InvalidOperationException"/>; closing the socket ends the stream's reads with end of file. The
    /// stream has no timeouts (Curio's blocking socket has none either).
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="InvalidOperationException">Another <see cref="Blocking()"/> stream is still out.</exception>
    /// <exception cref="IOException">A task is receiving or sending on the socket right now.</exception>
    public Stream Blocking() => Blocking(canRead: true, canWrite: true);

    internal Stream Blocking(bool canRead, bool canWrite)
    {
        ThrowIfClosed();
        if (Interlocked.CompareExchange(ref _blocking, 1, 0) != 0) throw InBlockingUse();
        if (Volatile.Read(ref _reading) != 0 || Volatile.Read(ref _writing) != 0)
        {
            Volatile.Write(ref _blocking, 0);
            throw new IOException($"A task is receiving or sending on the socket connected to {_conn.Remote}: blocking use would race it.");
        }
        return new BlockingStream(this, canRead, canWrite);
    }

    private void ThrowIfBlocking()
    {
        if (Volatile.Read(ref _blocking) != 0) throw InBlockingUse();
    }

    private InvalidOperationException InBlockingUse() =>
        new($"The socket connected to {_conn.Remote} is in blocking use: dispose the Blocking() stream first.");

    /// <summary>The synchronous stream of <see cref="Blocking()"/>: a thread blocks on the socket's own waits.</summary>
    private sealed class BlockingStream : Stream
    {
        private readonly CurioSocket _s;
        private readonly bool _canRead, _canWrite;
        private readonly NetReadWaiter? _readWaiter;
        private readonly NetWaiter _writeWaiter = new();
        private int _disposed;

        internal BlockingStream(CurioSocket socket, bool canRead, bool canWrite)
        {
            _s = socket;
            _canRead = canRead;
            _canWrite = canWrite;
            if (socket._tls is null) _readWaiter = new NetReadWaiter(socket._conn.Inbox, socket._conn.TlsGate);
        }

        private bool Open => Volatile.Read(ref _disposed) == 0;

        public override bool CanRead => _canRead && Open;
        public override bool CanWrite => _canWrite && Open;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ValidateBufferArguments(buffer, offset, count);
            return ReadCore(buffer.AsMemory(offset, count));
        }

        public override int Read(Span<byte> buffer)
        {
            var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
            try
            {
                var n = ReadCore(rented.AsMemory(0, buffer.Length));
                rented.AsSpan(0, n).CopyTo(buffer);
                return n;
            }
            finally { ArrayPool<byte>.Shared.Return(rented); }
        }

        private int ReadCore(Memory<byte> dest)
        {
            Check(_canRead, "readable");
            if (dest.Length == 0) return 0;
            if (_s.IsClosed) return 0; // as the socket's own reads after a close: end of file
            if (_readWaiter is not null) return Wait(_s._conn.Inbox.ReadNetAsync(dest, _readWaiter));
            // TLS: first what a cancelled receive left decrypted or still reading, then the session itself.
            if (_s._tlsEnd == _s._tlsStart && _s._pendingRead is { } pending)
            {
                var got = pending.GetAwaiter().GetResult();
                _s._pendingRead = null;
                if (got == 0) return 0;
                _s._tlsStart = 0;
                _s._tlsEnd = got;
            }
            if (_s._tlsEnd > _s._tlsStart)
            {
                var n = Math.Min(dest.Length, _s._tlsEnd - _s._tlsStart);
                _s._tlsBuf.AsSpan(_s._tlsStart, n).CopyTo(dest.Span);
                _s._tlsStart += n;
                return n;
            }
            ValueTask<int> read;
            lock (_s._conn.TlsGate) read = _s._tls!.ReadAsync(dest);
            return Wait(read);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ValidateBufferArguments(buffer, offset, count);
            WriteCore(buffer.AsMemory(offset, count));
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_s._tls is null)
            {
                Check(_canWrite, "writable");
                WritePlain(buffer);
                return;
            }
            WriteCore(buffer.ToArray());
        }

        private void WriteCore(ReadOnlyMemory<byte> data)
        {
            Check(_canWrite, "writable");
            if (_s._tls is null)
            {
                WritePlain(data.Span);
                return;
            }
            if (_s._pendingWrite is { } tail)
            {
                tail.GetAwaiter().GetResult(); // a cancelled send's record goes out first
                _s._pendingWrite = null;
            }
            ValueTask write;
            lock (_s._conn.TlsGate) write = _s._tls.WriteAsync(data);
            if (!write.IsCompletedSuccessfully) write.AsTask().GetAwaiter().GetResult();
        }

        private void WritePlain(ReadOnlySpan<byte> data)
        {
            var outbox = _s._conn.Outbox;
            while (true)
            {
                data = data[outbox.TryWrite(data)..]; // a closed or broken connection throws IOException here
                if (data.IsEmpty) return;
                outbox.WaitForRoomNetAsync(_writeWaiter).GetAwaiter().GetResult();
            }
        }

        private static int Wait(ValueTask<int> pending) =>
            pending.IsCompleted ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();

        private void Check(bool allowed, string what)
        {
            ObjectDisposedException.ThrowIf(!Open, this);
            if (!allowed) throw new NotSupportedException($"This blocking stream is not {what}.");
        }

        public override void Flush() { } // writes are queued on the connection at once

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        // Ends blocking use; the connection stays open for the socket's async calls.
        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Volatile.Write(ref _s._blocking, 0);
            base.Dispose(disposing);
        }

        public override string ToString() => $"CurioSocket.Blocking({_s._conn.Remote})";
    }
}
