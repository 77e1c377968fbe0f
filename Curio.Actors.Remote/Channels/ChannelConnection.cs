using System.Buffers.Binary;
using Akka.Actor;
using Curio.Actors.Engine;
using Curio.Actors.Remote.Channels;
using Curio.Actors.Remote.Serialization;

namespace Curio.Actors.Remote;

/// <summary>
/// An authenticated message connection between two Channel endpoints (Curio's <c>Connection</c>), made by
/// <see cref="Channel.AcceptAsync(byte[], string?)"/> or <see cref="Channel.ConnectAsync(byte[], string?)"/>. Messages are whole byte
/// strings (<see cref="SendBytesAsync(ReadOnlyMemory{byte})"/>, <see cref="RecvBytesAsync"/>) or objects encoded with
/// Channel's own allow-list codec (<see cref="SendAsync"/>, <see cref="RecvAsync"/>; see <see cref="ChannelTypes"/>).
/// <para>Guarantees: messages arrive in the order sent, each at most once, never duplicated, and a message is only
/// decoded when the receiving code asks for it. <c>SendAsync</c> returns once the message is in this connection's
/// outbound stream, which is pushed to Akka.Remote in order right away (batched with other messages sent meanwhile);
/// it blocks (a cancellation point) only when <see cref="ChannelOptions.Window"/> bytes are in flight unread by the
/// peer. After <see cref="CloseAsync"/> returns without a timeout, the peer's process holds every message sent
/// (received, maybe not yet read). If a peer dies, messages still in flight (in the outbound stream, Akka's buffers or
/// TCP) are lost: there is no acknowledgement per message and no redelivery. Messages that fully arrived before the
/// loss are still delivered, then <see cref="RecvAsync"/> raises <see cref="ConnectionError"/> (lost) — or
/// <see cref="EndOfStreamException"/> after an orderly close by the peer — and sends raise <see cref="ConnectionError"/>.</para>
/// <para>All blocking methods must be called from inside a Curio task; they are cancellation points when they block.</para>
/// </summary>
public sealed class ChannelConnection : IAsyncDisposable, IThreadPoolWorkItem
{
    internal const int MaxFrame = 256 * 1024;

    private readonly ChannelSystem _host;
    private readonly int _maxFrame;
    private readonly int _window;
    private readonly TimeSpan _closeTimeout;

    // outbound
    private readonly object _out = new();
    private readonly WaitQueue _sendWaiters;
    private ByteBuffer _pending = new(4096), _spare = new(4096);
    private bool _flushScheduled, _closeRequested;
    private long _queued, _acked, _lastSend;
    private static readonly long s_idleTicks = System.Diagnostics.Stopwatch.Frequency / 50_000; // 20 µs
    private Exception? _sendError;
    private readonly TaskCompletionSource _closeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // inbound
    private readonly object _in = new();
    private readonly WaitQueue _recvWaiters;
    private readonly Queue<byte[]> _segments = new();
    private int _headOffset;
    private long _available, _consumed, _consumedAcked;
    private Exception? _end;
    private int _released;

    [ThreadStatic] private static ByteBuffer? t_scratch;

    internal ChannelConnection(ChannelSystem host, IActorRef self, ChannelOptions options)
    {
        _host = host;
        _maxFrame = host.MaxFrame;
        Self = self;
        _window = Math.Max(64 * 1024, options.Window);
        _closeTimeout = options.CloseTimeout;
        _sendWaiters = new WaitQueue(_out);
        _recvWaiters = new WaitQueue(_in);
        host.AddRef();
    }

    internal IActorRef Self { get; }
    internal Akka.Actor.ActorSystem CarriedBy => _host.System;
    internal IActorRef Peer { get; set; } = ActorRefs.Nobody;

    /// <summary>The peer's Akka address (for example <c>akka.tcp://curio-channel@127.0.0.1:30000</c>).</summary>
    public string PeerAddress => (Peer.Path.Address.HasLocalScope ? _host.Address : Peer.Path.Address).ToString();

    /// <summary>True once this side closed the connection.</summary>
    public bool IsClosed { get; private set; }

    // ---- sending ---------------------------------------------------------------------------------

    /// <summary>
    /// Sends an object (Curio's <c>send</c>): null, bool, int, long, double, string, byte[], int[], long[], double[],
    /// string[], object?[] of those, or a type registered with <see cref="ChannelTypes"/>; anything else raises
    /// <see cref="ChannelSerializationError"/> and sends nothing.
    /// </summary>
    public ValueTask SendAsync(object? value)
    {
        var me = CurioTask.Require(nameof(SendAsync));
        var scratch = t_scratch ??= new ByteBuffer(256);
        scratch.Clear();
        var traced = ChannelTracing.WriteHeader(scratch, this, out var send);
        try
        {
            ChannelCodec.Encode(value, scratch);
            var task = Send(me, scratch.Span, copyOnBlock: true, traced);
            if (scratch.Array.Length > 1 << 20) t_scratch = null; // do not keep a huge buffer per thread
            return task;
        }
        finally
        {
            ChannelTracing.Sent(send);
        }
    }

    /// <summary>Sends raw bytes as one message (Curio's <c>send_bytes</c>).</summary>
    public ValueTask SendBytesAsync(ReadOnlyMemory<byte> data)
    {
        var me = CurioTask.Require(nameof(SendBytesAsync));
        if (System.Diagnostics.Activity.Current is null && !Diagnostics.Telemetry.Source.HasListeners())
            return Send(me, data.Span, copyOnBlock: false, traced: false, data);
        var scratch = new ByteBuffer(data.Length + 128); // with a trace header: the bytes are copied behind it
        var traced = ChannelTracing.WriteHeader(scratch, this, out var send);
        try
        {
            if (!traced) return Send(me, data.Span, copyOnBlock: false, traced: false, data);
            scratch.Write(data.Span);
            return Send(me, scratch.Span, copyOnBlock: true, traced: true);
        }
        finally
        {
            ChannelTracing.Sent(send);
        }
    }

    /// <summary>
    /// Sends <paramref name="buffer"/>[<paramref name="offset"/>..<paramref name="offset"/>+<paramref name="size"/>]
    /// as one message and returns the size (Curio's <c>send_bytes(buf, offset, size)</c>, with its argument errors).
    /// </summary>
    public async ValueTask<int> SendBytesAsync(byte[] buffer, int offset, int? size = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), "offset is negative");
        if (buffer.Length < offset) throw new ArgumentOutOfRangeException(nameof(offset), "buffer length < offset");
        var n = size ?? buffer.Length - offset;
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(size), "size is negative");
        if (buffer.Length < offset + n) throw new ArgumentOutOfRangeException(nameof(size), "buffer length < offset + size");
        await SendBytesAsync(buffer.AsMemory(offset, n));
        return n;
    }

    private ValueTask Send(CurioTask me, ReadOnlySpan<byte> message, bool copyOnBlock, bool traced, ReadOnlyMemory<byte> original = default)
    {
        lock (_out)
        {
            if (_sendError is { } e) throw Rethrowable(e);
            if (IsClosed) throw new ConnectionError("The Channel connection is closed.");
            if (_queued - _acked < _window)
            {
                // After a pause (request/response traffic) the message goes out at once, saving the flusher's thread
                // hop; back-to-back sends are batched by the flusher instead.
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                var direct = !_flushScheduled && _pending.Length == 0 && message.Length <= _maxFrame - 4 && now - _lastSend > s_idleTicks;
                _lastSend = now;
                if (!direct)
                {
                    Append(message, traced);
                    return default;
                }
                _flushScheduled = true; // holds the flusher off while this frame is handed over outside the lock
                _queued += 4 + message.Length;
            }
            else goto blocked;
        }
        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, message.Length | (traced ? ChannelTracing.Flag : 0));
        message.CopyTo(frame.AsSpan(4));
        Peer.Tell(new ChannelFrame(FrameKind.Data, frame), Self);
        lock (_out)
        {
            if (_pending.Length > 0 || _closeRequested) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            else _flushScheduled = false;
        }
        return default;
    blocked:
        // Blocking path: the span cannot cross an await, so keep the bytes.
        var keep = copyOnBlock || original.IsEmpty ? message.ToArray() : original;
        return SendSlow(me, keep, traced);
    }

    private async ValueTask SendSlow(CurioTask me, ReadOnlyMemory<byte> message, bool traced)
    {
        while (true)
        {
            WaitNode<bool> node;
            lock (_out)
            {
                if (_sendError is { } e) throw Rethrowable(e);
                if (IsClosed) throw new ConnectionError("The Channel connection is closed.");
                if (_queued - _acked < _window)
                {
                    Append(message.Span, traced);
                    return;
                }
                me.ThrowIfCancelPending();
                node = new WaitNode<bool>(me);
                _sendWaiters.Enqueue(node);
            }
            await me.Park(node, "CHANNEL_SEND");
        }
    }

    // Under _out.
    private void Append(ReadOnlySpan<byte> message, bool traced)
    {
        _pending.WriteInt32BigEndian(message.Length | (traced ? ChannelTracing.Flag : 0));
        _pending.Write(message);
        _queued += 4 + message.Length;
        ScheduleFlush();
    }

    private void ScheduleFlush()
    {
        if (_flushScheduled) return;
        _flushScheduled = true;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // The flusher: one at a time (guarded by _flushScheduled), so frames leave in order.
    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            ByteBuffer batch;
            bool sendClose = false;
            lock (_out)
            {
                if (_pending.Length == 0)
                {
                    if (_closeRequested && _sendError is null)
                    {
                        sendClose = true;
                        _sendError = new ConnectionError("The Channel connection is closed.");
                    }
                    _flushScheduled = false;
                    if (!sendClose) return;
                }
                batch = _pending;
                _pending = _spare;
                _spare = batch;
                if (_sendError is not null && !sendClose)
                {
                    batch.Clear(); // lost: nothing can be handed over any more
                    continue;
                }
            }
            if (sendClose)
            {
                Peer.Tell(ChannelFrame.Of(FrameKind.Close), Self);
                return;
            }
            for (var off = 0; off < batch.Length; off += _maxFrame)
            {
                var n = Math.Min(_maxFrame, batch.Length - off);
                Peer.Tell(new ChannelFrame(FrameKind.Data, batch.Array.AsSpan(off, n).ToArray()), Self);
            }
            lock (_out)
            {
                batch.Clear();
                if (batch.Array.Length > 4 * _maxFrame) batch.Array = new byte[4096];
            }
        }
    }

    // ---- receiving -------------------------------------------------------------------------------

    /// <summary>
    /// Receives one object (Curio's <c>recv</c>). A message that is not a valid Channel object, or names a type not
    /// registered here, raises <see cref="ChannelSerializationError"/> (the message is consumed; the connection goes on).
    /// After the peer closed: <see cref="EndOfStreamException"/>; lost: <see cref="ConnectionError"/>.
    /// </summary>
    public async ValueTask<object?> RecvAsync()
    {
        var me = CurioTask.Require(nameof(RecvAsync));
        var m = Untraced(TryTake(copy: false) ?? await RecvSlow(me, copy: false));
        return ChannelCodec.Decode(m);
    }

    /// <summary>Receives one whole message as bytes (Curio's <c>recv_bytes</c>); errors as <see cref="RecvAsync"/>.</summary>
    public async ValueTask<byte[]> RecvBytesAsync()
    {
        var me = CurioTask.Require(nameof(RecvBytesAsync));
        var m = Untraced(TryTake(copy: true) ?? await RecvSlow(me, copy: true));
        return AsArray(m);
    }

    /// <summary>
    /// Receives one whole message into <paramref name="buffer"/> at <paramref name="offset"/> (Curio's
    /// <c>recv_bytes_into</c>) and returns its length. A message that does not fit is consumed and raises
    /// <see cref="IOException"/> "Message is too large to fit"; other errors as <see cref="RecvAsync"/>.
    /// </summary>
    public async ValueTask<int> RecvBytesIntoAsync(Memory<byte> buffer, int offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, buffer.Length);
        var me = CurioTask.Require(nameof(RecvBytesIntoAsync));
        var m = Untraced(TryTake(copy: false) ?? await RecvSlow(me, copy: false));
        if (m.Length > buffer.Length - offset) throw new IOException("Message is too large to fit");
        m.CopyTo(buffer[offset..]);
        return m.Length;
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> m) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(m, out var seg) && seg.Offset == 0 && seg.Count == seg.Array!.Length
            ? seg.Array : m.ToArray();

    /// <summary>A message as taken from the stream: its bytes, and whether a trace header stands before them.</summary>
    private readonly record struct Inbound(ReadOnlyMemory<byte> Message, bool Traced);

    private ReadOnlyMemory<byte> Untraced(Inbound m) => ChannelTracing.Received(m.Message, m.Traced, this);

    private async ValueTask<Inbound> RecvSlow(CurioTask me, bool copy)
    {
        while (true)
        {
            WaitNode<bool> node;
            lock (_in)
            {
                if (TryTakeLocked(copy, out var m, out var ack))
                {
                    SendAck(ack);
                    return m;
                }
                if (_end is { } e) throw Rethrowable(e);
                me.ThrowIfCancelPending();
                node = new WaitNode<bool>(me);
                _recvWaiters.Enqueue(node);
            }
            await me.Park(node, "CHANNEL_RECV");
        }
    }

    private Inbound? TryTake(bool copy)
    {
        Inbound m;
        long ack;
        lock (_in)
        {
            if (!TryTakeLocked(copy, out m, out ack))
            {
                if (_end is { } e) throw Rethrowable(e);
                return null;
            }
        }
        SendAck(ack);
        return m;
    }

    // Under _in. Takes one whole message if it has fully arrived.
    private bool TryTakeLocked(bool copy, out Inbound taken, out long ack)
    {
        taken = default;
        ReadOnlyMemory<byte> message;
        ack = -1;
        if (_available < 4) return false;
        var head = _segments.Peek();
        int len;
        if (head.Length - _headOffset >= 4) len = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(_headOffset));
        else
        {
            Span<byte> h = stackalloc byte[4];
            CopyOut(h);
            len = BinaryPrimitives.ReadInt32BigEndian(h);
        }
        var traced = (len & ChannelTracing.Flag) != 0; // the top bit: a trace header comes first
        len &= ~ChannelTracing.Flag;
        if (_available < 4L + len) return false;
        if (head.Length - _headOffset >= 4 + len)
        {
            message = copy && len != head.Length - 4 ? head.AsMemory(_headOffset + 4, len).ToArray() : head.AsMemory(_headOffset + 4, len);
            Skip(4 + len);
        }
        else
        {
            Skip(4);
            var buf = new byte[len];
            CopyOut(buf);
            Skip(len);
            message = buf;
        }
        taken = new Inbound(message, traced);
        _consumed += 4L + len;
        if (_consumed - _consumedAcked >= _window / 4)
        {
            _consumedAcked = _consumed;
            ack = _consumed;
        }
        return true;
    }

    private void CopyOut(Span<byte> dest)
    {
        var off = _headOffset;
        var done = 0;
        foreach (var seg in _segments)
        {
            var n = Math.Min(seg.Length - off, dest.Length - done);
            seg.AsSpan(off, n).CopyTo(dest[done..]);
            done += n;
            off = 0;
            if (done == dest.Length) return;
        }
    }

    private void Skip(int n)
    {
        _available -= n;
        while (n > 0)
        {
            var head = _segments.Peek();
            var left = head.Length - _headOffset;
            if (n < left)
            {
                _headOffset += n;
                return;
            }
            n -= left;
            _segments.Dequeue();
            _headOffset = 0;
        }
    }

    private void SendAck(long consumed)
    {
        if (consumed < 0) return;
        var b = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, consumed);
        Peer.Tell(new ChannelFrame(FrameKind.Ack, b), Self);
    }

    // ---- closing -----------------------------------------------------------------------------------

    /// <summary>
    /// Closes the connection (Curio's <c>close</c>): every message sent so far goes out, then an end-of-stream mark,
    /// and the call waits (a cancellation point, at most <see cref="ChannelOptions.CloseTimeout"/>) until the peer's
    /// process confirms it has them. The peer then reads what is left and gets <see cref="EndOfStreamException"/>.
    /// Closing twice, or a connection already lost, does nothing more.
    /// </summary>
    public async ValueTask CloseAsync()
    {
        if (!BeginClose()) return;
        try
        {
            if (CurioTask.Current is not null)
                await Async.IgnoreAfter(_closeTimeout, async () => await Async.Await(_closeDone.Task));
            else
                await _closeDone.Task.WaitAsync(_closeTimeout).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
        finally
        {
            FinishClose();
        }
    }

    /// <summary>Closes the connection; see <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    private bool BeginClose()
    {
        lock (_out)
        {
            if (IsClosed) return false;
            IsClosed = true;
            if (_sendError is not null) { _closeDone.TrySetResult(); }
            else
            {
                _closeRequested = true;
                ScheduleFlush();
            }
        }
        return true;
    }

    private void FinishClose()
    {
        lock (_in)
        {
            _end = new ConnectionError("The Channel connection is closed.");
            _segments.Clear();
            _available = 0;
            WakeAll(_recvWaiters);
        }
        lock (_out) WakeAll(_sendWaiters);
        Self.Tell(PoisonPill.Instance);
        Release();
    }

    /// <summary>Synchronous best-effort close at process exit: flush, end mark, short wait for the peer's receipt.</summary>
    internal void CloseAtExit(TimeSpan wait)
    {
        if (BeginClose()) _closeDone.Task.Wait(wait);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            ChannelRegistry.Remove(this);
            _host.Release();
        }
    }

    // ---- called by the connection actor ---------------------------------------------------------------

    internal void OnData(byte[] segment)
    {
        if (segment.Length == 0) return;
        lock (_in)
        {
            if (_end is not null) return;
            _segments.Enqueue(segment);
            _available += segment.Length;
            WakeAll(_recvWaiters);
        }
    }

    internal void OnAck(byte[] payload)
    {
        if (payload.Length != 8) return;
        var consumed = BinaryPrimitives.ReadInt64BigEndian(payload);
        lock (_out)
        {
            if (consumed > _acked && consumed <= _queued) _acked = consumed;
            WakeAll(_sendWaiters);
        }
    }

    internal void OnPeerClosed()
    {
        Fail(new EndOfStreamException($"The peer {PeerAddress} closed the Channel connection."),
             new ConnectionError($"The peer {PeerAddress} closed the Channel connection."));
    }

    /// <summary>The handshake failed: this connection never opened; release what it holds.</summary>
    internal void Abandon()
    {
        Fail(new ConnectionError("The Channel handshake did not complete."));
        IsClosed = true;
        Release();
    }

    internal void OnCloseAck() => _closeDone.TrySetResult();

    internal void OnLost(string why)
    {
        var e = new ConnectionError($"Lost the Channel connection to {PeerAddress}: {why}.");
        Fail(e, e);
    }

    private void Fail(Exception recvError, Exception? sendError = null)
    {
        lock (_in)
        {
            _end ??= recvError;
            WakeAll(_recvWaiters);
        }
        lock (_out)
        {
            _sendError ??= sendError ?? recvError;
            WakeAll(_sendWaiters);
        }
        _closeDone.TrySetResult();
    }

    private static void WakeAll(WaitQueue q)
    {
        while (q.Dequeue() is WaitNode<bool> n) n.TryWake(true);
    }

    // Each raise gets its own exception object (stack traces), keeping type and message.
    private static Exception Rethrowable(Exception e) => e switch
    {
        AuthenticationError a => new AuthenticationError(a.Message),
        ConnectionError c => new ConnectionError(c.Message),
        EndOfStreamException eof => new EndOfStreamException(eof.Message),
        _ => e,
    };
}
