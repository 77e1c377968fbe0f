using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>
/// A connected TCP socket for tasks (Curio's <c>Socket</c>), over an Akka.Streams TCP connection, optionally with TLS
/// (an <see cref="SslStream"/> on top of the connection). Every call that can wait is a kernel blocking operation: a
/// cancellation point that honours timeouts. At most one task may read and one task may write at a time; a second one
/// gets <see cref="ReadResourceBusy"/> or <see cref="WriteResourceBusy"/>.
/// </summary>
/// <remarks>
/// Sends copy the bytes into an outgoing buffer of 256 KiB (like a kernel socket buffer) and return once they are
/// there; a full buffer parks the sender until the connection takes bytes, so a slow peer slows the sender down.
/// Received bytes are buffered up to 256 KiB; beyond that the connection stops reading and TCP back-pressures the peer.
/// </remarks>
public sealed partial class CurioSocket : IAsyncDisposable
{
    private const int TlsChunk = 16 * 1024;
    private readonly Connection _conn;
    private readonly SslStream? _tls;
    private byte[]? _tlsBuf;
    private int _tlsStart, _tlsEnd;
    private Task<int>? _pendingRead;
    private Task? _pendingWrite;
    private Task? _closeNotify;
    private int _reading, _writing, _closed;

    internal CurioSocket(Connection connection, SslStream? tls = null)
    {
        _conn = connection;
        _tls = tls;
    }

    internal Connection Connection => _conn;

    /// <summary>A server's idle timeout: a receive that waits this long for a byte raises TaskTimeout (infinite: off).</summary>
    internal TimeSpan IdleTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>A server's send-stall timeout: a send that waits this long for room raises TaskTimeout (infinite: off).</summary>
    internal TimeSpan SendStallTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long <see cref="CloseAsync"/> waits for a TLS close_notify to go out.</summary>
    internal static readonly TimeSpan CloseNotifyLimit = TimeSpan.FromSeconds(2);

    /// <summary>The local address of the connection.</summary>
    public EndPoint LocalEndPoint => _conn.Local;

    /// <summary>The peer's address.</summary>
    public EndPoint RemoteEndPoint => _conn.Remote;

    /// <summary>True when the connection is encrypted with TLS.</summary>
    public bool IsTls => _tls is not null;

    /// <summary>
    /// The TLS stream, for its negotiated protocol, cipher or certificates; null without TLS. Read, write and shut down
    /// through this socket, not through the stream: the socket serialises the OpenSSL calls that SslStream does not.
    /// </summary>
    public SslStream? SslStream => _tls;

    /// <summary>True once <see cref="CloseAsync"/> was called.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>
    /// Receives up to <paramref name="maxBytes"/> bytes (Curio's <c>recv</c>): what is buffered, or waits for some.
    /// Returns an empty array at end of file. A cancelled receive consumes nothing.
    /// </summary>
    public async ValueTask<byte[]> RecvAsync(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var me = CurioTask.Require("CurioSocket.RecvAsync");
        ThrowIfClosed();
        if (maxBytes == 0) return [];
        // Size the array to what came, not to maxBytes: the how-to's echo asks for 100,000 bytes to get 100, and an
        // array that size per call (on the large-object heap) cut its round trips to a fifth. A TLS read gives at most
        // one buffer of decrypted bytes.
        int size;
        if (_tls is null)
        {
            if (Unlimited(IdleTimeout) || _conn.Inbox.Buffered > 0) await _conn.Inbox.ReadAsync(me, Memory<byte>.Empty, waitForData: true).ConfigureAwait(true);
            else await IdleLimited(() => _conn.Inbox.ReadAsync(me, Memory<byte>.Empty, waitForData: true).AsTask()).ConfigureAwait(true);
            size = Math.Min(maxBytes, Math.Max(1, _conn.Inbox.Buffered));
        }
        else size = Math.Min(maxBytes, TlsChunk);
        var buf = new byte[size];
        var n = await RecvIntoAsync(buf).ConfigureAwait(true);
        return n == buf.Length ? buf : buf.AsSpan(0, n).ToArray();
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/> (Curio's <c>recv_into</c>), at most <paramref name="nbytes"/> bytes
    /// when it is positive; returns the count, 0 at end of file.
    /// </summary>
    public ValueTask<int> RecvIntoAsync(Memory<byte> buffer, int nbytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nbytes);
        if (nbytes > 0) buffer = buffer[..Math.Min(nbytes, buffer.Length)];
        var me = CurioTask.Require("CurioSocket.RecvIntoAsync");
        ThrowIfClosed();
        if (_tls is not null) return TlsRecvAsync(buffer);
        if (Unlimited(IdleTimeout) || buffer.Length == 0 || _conn.Inbox.Buffered > 0) return _conn.Inbox.ReadAsync(me, buffer);
        return new ValueTask<int>(IdleLimited(() => _conn.Inbox.ReadAsync(me, buffer).AsTask()));
    }

    private static bool Unlimited(TimeSpan limit) => limit == Timeout.InfiniteTimeSpan;

    // The server's per-connection limits: the blocked call raises TaskTimeout, which says which limit it was.
    private Task<T> IdleLimited<T>(Func<Task<T>> wait) =>
        Limited(IdleTimeout, wait, $"no data from {_conn.Remote} for {IdleTimeout.TotalSeconds:0.###} s (idle timeout)");

    private Task<T> SendLimited<T>(Func<Task<T>> wait) =>
        Limited(SendStallTimeout, wait, $"{_conn.Remote} took no data for {SendStallTimeout.TotalSeconds:0.###} s (send-stall timeout)");

    private async Task<T> Limited<T>(TimeSpan limit, Func<Task<T>> wait, string what)
    {
        try { return await Async.TimeoutAfter(limit, wait).ConfigureAwait(true); }
        catch (TaskTimeout e)
        {
            LimitHit = true;
            throw new TaskTimeout(e.Clock, "Timed out: " + what, e);
        }
    }

    /// <summary>True once a receive or send hit the server's idle or send-stall timeout: the server then resets the connection.</summary>
    internal bool LimitHit { get; private set; }

    private ValueTask<bool> WaitForRoomAsync(CurioTask me) => Unlimited(SendStallTimeout)
        ? _conn.Outbox.WaitForRoomAsync(me)
        : new ValueTask<bool>(SendLimited(() => _conn.Outbox.WaitForRoomAsync(me).AsTask()));

    private ValueTask<T> AwaitTls<T>(Task<T> pending, bool sending)
    {
        var limit = sending ? SendStallTimeout : IdleTimeout;
        if (Unlimited(limit) || pending.IsCompleted) return Async.Await(pending);
        return new ValueTask<T>(sending ? SendLimited(() => Async.Await(pending).AsTask()) : IdleLimited(() => Async.Await(pending).AsTask()));
    }

    private ValueTask AwaitTlsSend(Task pending) => Unlimited(SendStallTimeout) || pending.IsCompleted
        ? Async.Await(pending)
        : new ValueTask(SendLimited(async () => { await Async.Await(pending).ConfigureAwait(true); return true; }));

    /// <summary>
    /// Sends part of <paramref name="data"/> (Curio's <c>send</c>): waits until the connection has room, then queues
    /// as much as fits and returns that count.
    /// </summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        var me = CurioTask.Require("CurioSocket.SendAsync");
        ThrowIfClosed();
        if (_tls is not null)
        {
            var part = data[..Math.Min(data.Length, TlsChunk)];
            await TlsSendAllAsync(part).ConfigureAwait(true);
            return part.Length;
        }
        while (true)
        {
            var n = _conn.Outbox.TryWrite(data.Span);
            if (n > 0 || data.Length == 0) return n;
            await WaitForRoomAsync(me).ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Sends all of <paramref name="data"/> (Curio's <c>sendall</c>). If cancelled, the exception's
    /// <see cref="CancelledError.BytesSent"/> says how many bytes were sent before.
    /// </summary>
    public ValueTask SendAllAsync(ReadOnlyMemory<byte> data)
    {
        var me = CurioTask.Require("CurioSocket.SendAllAsync");
        ThrowIfClosed();
        if (_tls is not null) return TlsSendAllAsync(data);
        if (Interlocked.Exchange(ref _writing, 1) == 1)
            throw new WriteResourceBusy($"Another task is already writing to the connection with {_conn.Remote}.");
        int n;
        try { n = _conn.Outbox.TryWrite(data.Span); }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }
        if (n == data.Length)
        {
            Volatile.Write(ref _writing, 0);
            return default;
        }
        return SendAllSlowAsync(me, data, n);
    }

    private async ValueTask SendAllSlowAsync(CurioTask me, ReadOnlyMemory<byte> data, int sent)
    {
        try
        {
            while (sent < data.Length)
            {
                try { await WaitForRoomAsync(me).ConfigureAwait(true); }
                catch (CancelledError e)
                {
                    e.BytesSent = sent;
                    throw;
                }
                sent += _conn.Outbox.TryWrite(data.Span[sent..]);
            }
        }
        finally { Volatile.Write(ref _writing, 0); }
    }

    private async ValueTask<int> TlsRecvAsync(Memory<byte> dest)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
            throw new ReadResourceBusy($"Another task is already reading from the connection with {_conn.Remote}.");
        try
        {
            if (dest.Length == 0) return 0;
            if (_tlsEnd == _tlsStart)
            {
                _tlsBuf ??= new byte[TlsChunk];
                // The read is never abandoned half-way: a cancelled wait leaves it running and the next call takes its bytes.
                if (_pendingRead is null)
                {
                    lock (_conn.TlsGate) _pendingRead = _tls!.ReadAsync(_tlsBuf, 0, _tlsBuf.Length);
                }
                var got = await AwaitTls(_pendingRead, sending: false).ConfigureAwait(true);
                _pendingRead = null;
                if (got == 0) return 0;
                _tlsStart = 0;
                _tlsEnd = got;
            }
            var n = Math.Min(dest.Length, _tlsEnd - _tlsStart);
            _tlsBuf.AsSpan(_tlsStart, n).CopyTo(dest.Span);
            _tlsStart += n;
            return n;
        }
        finally { Volatile.Write(ref _reading, 0); }
    }

    private async ValueTask TlsSendAllAsync(ReadOnlyMemory<byte> data)
    {
        if (Interlocked.Exchange(ref _writing, 1) == 1)
            throw new WriteResourceBusy($"Another task is already writing to the connection with {_conn.Remote}.");
        long sent = 0;
        try
        {
            if (_pendingWrite is { } earlier)
            {
                await Async.Await(earlier).ConfigureAwait(true);
                _pendingWrite = null;
            }
            while (sent < data.Length)
            {
                // One TLS record per call: SslStream encrypts it before its first await, so a cancelled wait never
                // leaves it reading the caller's memory later. A record handed over counts as sent.
                var part = data.Slice((int)sent, (int)Math.Min(TlsChunk, data.Length - sent));
                ValueTask t;
                lock (_conn.TlsGate) t = _tls!.WriteAsync(part);
                sent += part.Length;
                if (!t.IsCompletedSuccessfully)
                {
                    _pendingWrite = t.AsTask();
                    await AwaitTlsSend(_pendingWrite).ConfigureAwait(true);
                    _pendingWrite = null;
                }
            }
        }
        catch (CancelledError e)
        {
            e.BytesSent = sent;
            throw;
        }
        finally { Volatile.Write(ref _writing, 0); }
    }

    /// <summary>
    /// Shuts down one or both directions (Curio's <c>shutdown</c>): <see cref="SocketShutdown.Send"/> sends end of
    /// file after the queued bytes (half-close; reading goes on), <see cref="SocketShutdown.Receive"/> stops reading.
    /// With TLS, the send side first sends TLS's close_notify, after the rest of a record whose send was cancelled;
    /// another task's send in progress makes it throw <see cref="WriteResourceBusy"/>.
    /// </summary>
    public async ValueTask ShutdownAsync(SocketShutdown how)
    {
        CurioTask.Require("CurioSocket.ShutdownAsync");
        if (how is SocketShutdown.Send or SocketShutdown.Both)
        {
            if (_tls is not null && !_conn.Outbox.IsFinishing) await SendCloseNotifyAsync().ConfigureAwait(true);
            _conn.Outbox.Finish();
        }
        if (how is SocketShutdown.Receive or SocketShutdown.Both) _conn.Inbox.Close();
    }

    private async ValueTask SendCloseNotifyAsync()
    {
        // SslStream writes the alert straight to the connection, past its own write-in-progress check: it must
        // neither overtake another task's record nor the tail of a record whose SendAll was cancelled.
        if (Interlocked.Exchange(ref _writing, 1) == 1)
            throw new WriteResourceBusy($"Another task is writing to the connection with {_conn.Remote}: shut down after it.");
        try
        {
            if (_pendingWrite is { } tail)
            {
                await Async.Await(tail).ConfigureAwait(true);
                _pendingWrite = null;
            }
            // Kept: a shutdown cancelled while the alert waits for room is retried by awaiting it, since SslStream
            // refuses a second ShutdownAsync.
            if (_closeNotify is null)
            {
                lock (_conn.TlsGate) _closeNotify = _tls!.ShutdownAsync();
            }
            await Async.Await(_closeNotify).ConfigureAwait(true);
        }
        // Broken, or closed for sending by CloseAsync meanwhile: nothing more can be said to the peer.
        catch (Exception e) when (e is IOException or InvalidOperationException) { }
        finally { Volatile.Write(ref _writing, 0); }
    }

    /// <summary>
    /// Closes the socket (Curio's <c>close</c>): queued bytes are still sent, then end of file; reading stops.
    /// With TLS, called from a task, it first sends close_notify (unless a shutdown already did, or another task is
    /// writing), waiting at most 2 s for it to go out, not cancellable meanwhile. Idempotent.
    /// </summary>
    public ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return default;
        if (_tls is null || _conn.Outbox.IsFinishing || CurioTask.Current is null || Volatile.Read(ref _writing) != 0)
        {
            _conn.Close();
            return default;
        }
        return CloseTlsAsync();
    }

    private async ValueTask CloseTlsAsync()
    {
        try
        {
            using (Async.DisableCancellation())
            {
                // After the tail of a record whose send was cancelled, as in ShutdownAsync; the whole wait is bounded.
                var tail = _pendingWrite ?? Task.CompletedTask;
                var notify = tail.ContinueWith(_ =>
                {
                    lock (_conn.TlsGate) return _closeNotify ??= _tls!.ShutdownAsync();
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
                await Async.Await(notify.WaitAsync(CloseNotifyLimit)).ConfigureAwait(true);
            }
        }
        // Broken, slow or already shut: the peer gets the FIN without the alert.
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or ObjectDisposedException) { }
        finally { _conn.Close(); }
    }

    /// <summary>Closes the socket (Curio's <c>async with sock</c>).</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>A buffered stream over this socket (Curio's <c>as_stream</c>).</summary>
    public SocketStream AsStream() => new(this);

    private void ThrowIfClosed()
    {
        if (IsClosed) throw new ObjectDisposedException(nameof(CurioSocket), $"The socket connected to {_conn.Remote} is closed.");
        ThrowIfBlocking();
    }

    /// <inheritdoc />
    public override string ToString() => $"CurioSocket({_conn.Local} -> {_conn.Remote}{(IsTls ? ", TLS" : "")})";
}
