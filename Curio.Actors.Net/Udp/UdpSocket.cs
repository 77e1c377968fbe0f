using System.Net;
using Akka.Actor;
using Akka.IO;
using Curio.Actors.Engine;

namespace Curio.Actors.Net;

/// <summary>
/// A datagram socket for tasks (Curio's <c>socket(AF_INET, SOCK_DGRAM)</c>) on Akka.IO UDP. Receiving and sending
/// are kernel blocking operations. <see cref="SendToAsync"/> on an unbound socket binds it to an ephemeral port first,
/// so that replies can be received, as an OS socket does.
/// </summary>
/// <remarks>
/// Datagrams up to 64 KiB arrive whole. <see cref="RecvFromAsync"/> with a smaller <c>maxBytes</c> truncates the
/// datagram like POSIX <c>recvfrom</c>: the rest of that datagram is discarded. Up to 256 received datagrams are
/// buffered; beyond that reading is suspended (the OS then drops datagrams, as UDP may). Up to 64 datagrams wait to be
/// sent; a further <see cref="SendToAsync"/> waits for room.
/// </remarks>
public sealed class UdpSocket : IAsyncDisposable
{
    private const int MaxReceived = 256, MaxQueuedSends = 64;
    private readonly object _gate = new();
    private readonly Queue<(ByteString Data, EndPoint From)> _received = new();
    private readonly Queue<(ByteString Data, EndPoint To)> _toSend = new();
    private WaitNode<bool>? _reader, _writer;
    private IActorRef? _bridge;
    private bool _sending, _suspended, _closed;
    private Exception? _failure;

    /// <summary>Creates an unbound socket.</summary>
    public UdpSocket() { }

    /// <summary>The bound local address, or null before binding.</summary>
    public EndPoint? LocalEndPoint { get; private set; }

    /// <summary>Binds to <paramref name="host"/>:<paramref name="port"/> (0 for a free port); a kernel blocking operation.</summary>
    public async Task BindAsync(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var me = CurioTask.Require("UdpSocket.BindAsync");
        if (_closed) throw new ObjectDisposedException(nameof(UdpSocket));
        if (_bridge is not null) throw new InvalidOperationException($"The UDP socket is already bound to {LocalEndPoint}.");
        var address = await Network.ResolveAsync(host, port).ConfigureAwait(true);
        var endpoint = new IPEndPoint(address, port);
        var bound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var system = me.Core.System;
        var bridge = system.ActorOf(Props.Create(() => new UdpBridge(this, CurioUdp.ManagerOf(system), endpoint, bound)), "curio-udp-" + Guid.NewGuid().ToString("N"));
        _bridge = bridge;
        try { LocalEndPoint = await Async.Await(bound.Task).ConfigureAwait(true); }
        catch (Exception e)
        {
            _bridge = null;
            bridge.Tell(UdpBridge.Close.Instance);
            if (e is CancelledError) throw;
            throw new IOException($"Cannot bind a UDP socket to {endpoint}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Receives one datagram (Curio's <c>recvfrom</c>): its bytes (at most <paramref name="maxBytes"/>; the rest of a
    /// longer datagram is discarded) and the sender's address.
    /// </summary>
    public async ValueTask<(byte[] Data, EndPoint From)> RecvFromAsync(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var me = CurioTask.Require("UdpSocket.RecvFromAsync");
        while (true)
        {
            WaitNode<bool> node;
            var resume = false;
            lock (_gate)
            {
                if (_closed) throw new ObjectDisposedException(nameof(UdpSocket), "The UDP socket is closed.");
                if (_bridge is null) throw new InvalidOperationException("The UDP socket is not bound: call BindAsync (or SendToAsync) first.");
                if (_reader is not null) throw new ReadResourceBusy("Another task is already receiving on this UDP socket.");
                if (_received.Count > 0)
                {
                    var (data, from) = _received.Dequeue();
                    if (_suspended && _received.Count < MaxReceived / 2)
                    {
                        _suspended = false;
                        resume = true;
                    }
                    var n = Math.Min(maxBytes, data.Count);
                    var bytes = new byte[n];
                    if (n > 0) data.Slice(0, n).CopyTo(bytes, 0, n);
                    if (resume) _bridge.Tell(UdpBridge.Resume.Instance);
                    return (bytes, from);
                }
                if (_failure is { } f) throw new IOException($"The UDP socket failed: {f.Message}", f);
                me.ThrowIfCancelPending();
                node = new SlotNode(me, this, reader: true);
                _reader = node;
            }
            await me.Park(node, "RECVFROM_WAIT");
        }
    }

    /// <summary>
    /// Sends one datagram to <paramref name="to"/> (Curio's <c>sendto</c>); returns its length. Waits only when
    /// many datagrams are already waiting to go out.
    /// </summary>
    public async ValueTask<int> SendToAsync(ReadOnlyMemory<byte> data, EndPoint to)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (data.Length > 65507) throw new ArgumentException($"A UDP datagram holds at most 65507 bytes, not {data.Length}.", nameof(data));
        var me = CurioTask.Require("UdpSocket.SendToAsync");
        if (_bridge is null && !_closed) await BindAsync("0.0.0.0", 0).ConfigureAwait(true);
        while (true)
        {
            WaitNode<bool> node;
            lock (_gate)
            {
                if (_closed) throw new ObjectDisposedException(nameof(UdpSocket), "The UDP socket is closed.");
                if (_writer is not null) throw new WriteResourceBusy("Another task is already sending on this UDP socket.");
                if (_toSend.Count < MaxQueuedSends)
                {
                    _toSend.Enqueue((ByteString.CopyFrom(data.ToArray()), to));
                    if (!_sending)
                    {
                        _sending = true;
                        _bridge!.Tell(UdpBridge.Kick.Instance);
                    }
                    return data.Length;
                }
                me.ThrowIfCancelPending();
                node = new SlotNode(me, this, reader: false);
                _writer = node;
            }
            await me.Park(node, "SENDTO_WAIT");
        }
    }

    /// <summary>Closes the socket (idempotent); datagrams already queued for sending still go out.</summary>
    public ValueTask CloseAsync()
    {
        WaitNode<bool>? r, w;
        lock (_gate)
        {
            if (_closed) return default;
            _closed = true;
            r = _reader;
            w = _writer;
            _reader = _writer = null;
        }
        r?.TryWake(true);
        w?.TryWake(true);
        _bridge?.Tell(UdpBridge.Close.Instance);
        return default;
    }

    /// <summary>Closes the socket (Curio's <c>async with sock</c>).</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    // ---- bridge side -------------------------------------------------------------------------

    /// <summary>Stores a datagram; true if reading should be suspended.</summary>
    internal bool OnReceived(ByteString data, EndPoint from)
    {
        WaitNode<bool>? r;
        bool suspend;
        lock (_gate)
        {
            if (_closed) return false;
            _received.Enqueue((data, from));
            suspend = !_suspended && _received.Count >= MaxReceived;
            if (suspend) _suspended = true;
            r = _reader;
            _reader = null;
        }
        r?.TryWake(true);
        return suspend;
    }

    /// <summary>The next datagram to send, or null (then sending stops until the next Kick).</summary>
    internal (ByteString Data, EndPoint To)? NextToSend()
    {
        WaitNode<bool>? w;
        (ByteString, EndPoint) next;
        lock (_gate)
        {
            if (_toSend.Count == 0)
            {
                _sending = false;
                return null;
            }
            next = _toSend.Dequeue();
            w = _writer;
            _writer = null;
        }
        w?.TryWake(true);
        return next;
    }

    internal void OnFailed(Exception error)
    {
        WaitNode<bool>? r;
        lock (_gate)
        {
            _failure = error;
            r = _reader;
            _reader = null;
        }
        r?.TryWake(true);
    }

    private void Unregister(WaitNode<bool> node, bool reader)
    {
        lock (_gate)
        {
            if (reader && ReferenceEquals(_reader, node)) _reader = null;
            if (!reader && ReferenceEquals(_writer, node)) _writer = null;
        }
    }

    private sealed class SlotNode(CurioTask owner, UdpSocket socket, bool reader) : WaitNode<bool>(owner)
    {
        protected override void Unregister() => socket.Unregister(this, reader);
    }
}
