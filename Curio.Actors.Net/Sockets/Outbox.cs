using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Curio.Actors.Net;

/// <summary>
/// The send side of a connection: writers copy their bytes into chunks queued here (up to <see cref="HighWater"/>
/// bytes, like a kernel socket buffer) and the Akka.Streams source pushes them to the connection when it asks.
/// A full outbox parks the writer, so a slow peer slows the writer down.
/// </summary>
internal sealed class Outbox
{
    internal const int HighWater = 256 * 1024;
    private const int MaxPush = 64 * 1024;

    private readonly object _gate = new();
    private readonly Queue<ByteString> _queue = new();
    private int _bytes;
    private bool _demand, _started, _finishing, _done;
    private Exception? _error;
    private IWaker? _waiter;
    private Action? _signal;
    private readonly StageReset _reset = new();
    private long _handedOver;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal string Peer { get; set; } = "peer";

    /// <summary>Bytes queued and not yet taken by the stage.</summary>
    internal int Queued
    {
        get { lock (_gate) return _bytes; }
    }

    internal bool IsFinishing
    {
        get { lock (_gate) return _finishing || _done; }
    }

    // ---- stage side --------------------------------------------------------------------------

    /// <summary>Called by the stage when it starts; true if the connection was reset before that.</summary>
    internal bool Attach(Action signal, Action reset)
    {
        lock (_gate)
        {
            _signal = signal;
            _started = true;
        }
        return _reset.Attach(reset);
    }

    /// <summary>Bytes handed to the connection so far: a closing connection's sign of life.</summary>
    internal long HandedOver
    {
        get { lock (_gate) return _handedOver; }
    }

    /// <summary>Completes when the sending stage has stopped (FIN sent, or the connection failed).</summary>
    internal Task Stopped => _stopped.Task;

    internal void OnStageStopped()
    {
        OnDone(null);
        _stopped.TrySetResult();
    }

    /// <summary>Fails the sending stage, which makes Akka.Streams' TCP stage abort (reset) the connection.</summary>
    internal void Abort() => _reset.Fire();

    /// <summary>The stage wants an element: the next chunk (several small ones joined), or null (then demand is noted).</summary>
    internal ByteString? Take(out bool complete)
    {
        IWaker? w = null;
        ByteString? chunk = null;
        lock (_gate)
        {
            complete = false;
            if (_queue.Count > 0)
            {
                chunk = _queue.Dequeue();
                while (_queue.Count > 0 && chunk.Count + _queue.Peek().Count <= MaxPush) chunk = chunk.Concat(_queue.Dequeue());
                _bytes -= chunk.Count;
                _handedOver += chunk.Count;
                w = _waiter;
                _waiter = null;
                _demand = false;
            }
            else if (_finishing) complete = true;
            else _demand = true;
        }
        w?.Wake();
        return chunk;
    }

    /// <summary>The connection will take no more bytes: writers get an error from now on.</summary>
    internal void OnDone(Exception? error)
    {
        IWaker? w;
        lock (_gate)
        {
            if (_done) return;
            _done = true;
            _error = error;
            _queue.Clear();
            _bytes = 0;
            w = _waiter;
            _waiter = null;
        }
        w?.Wake();
    }

    // ---- writer side -------------------------------------------------------------------------

    /// <summary>Queues as much of <paramref name="data"/> as fits; 0 if the outbox is full.</summary>
    internal int TryWrite(ReadOnlySpan<byte> data)
    {
        Action? signal = null;
        int n;
        lock (_gate)
        {
            ThrowIfClosed();
            var room = HighWater - _bytes;
            if (room <= 0 || data.Length == 0) return 0;
            n = Math.Min(room, data.Length);
            var copy = new byte[n];
            data[..n].CopyTo(copy);
            _queue.Enqueue(ByteString.FromBytes(copy));
            _bytes += n;
            if (_demand && _started)
            {
                _demand = false;
                signal = _signal;
            }
        }
        signal?.Invoke();
        return n;
    }

    private void ThrowIfClosed()
    {
        if (_done)
            throw _error is { } e
                ? new IOException($"Connection with {Peer} failed: {e.Message}", e)
                : new IOException($"Connection with {Peer} is closed for sending (broken pipe).");
        if (_finishing) throw new InvalidOperationException($"The socket connected to {Peer} was shut down for sending or closed.");
    }

    /// <summary>Waits (a kernel blocking operation) until the outbox has room or the connection ended.</summary>
    internal ValueTask<bool> WaitForRoomAsync(CurioTask me)
    {
        RoomNode node;
        lock (_gate)
        {
            if (_waiter is not null) throw new WriteResourceBusy($"Another task is already writing to the connection with {Peer}.");
            if (_bytes < HighWater || _done || _finishing) return new ValueTask<bool>(true);
            me.ThrowIfCancelPending();
            node = new RoomNode(me, this);
            _waiter = node;
        }
        return me.Park(node, "WRITE_WAIT");
    }

    /// <summary>The same wait for .NET code (the TLS stream adapter).</summary>
    internal Task WaitForRoomNetAsync(NetWaiter waiter)
    {
        lock (_gate)
        {
            if (_bytes < HighWater || _done || _finishing) return Task.CompletedTask;
            _waiter = waiter.Arm();
            return waiter.Task;
        }
    }

    /// <summary>Sends FIN after the queued bytes (shutdown of the write side, or close).</summary>
    internal void Finish()
    {
        Action? signal = null;
        lock (_gate)
        {
            if (_finishing || _done) return;
            _finishing = true;
            if (_demand && _started)
            {
                _demand = false;
                signal = _signal;
            }
        }
        signal?.Invoke();
    }

    private void Unregister(IWaker node)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_waiter, node)) _waiter = null;
        }
    }

    private sealed class RoomNode(CurioTask owner, Outbox outbox) : Engine.WaitNode<bool>(owner), IWaker
    {
        public void Wake() => TryWake(true);

        protected override void Unregister() => outbox.Unregister(this);
    }
}

/// <summary>The Akka.Streams source that drains an <see cref="Outbox"/> into the connection.</summary>
internal sealed class OutboxStage : GraphStageWithMaterializedValue<SourceShape<ByteString>, Outbox>
{
    private readonly Outlet<ByteString> _out = new("curio.socket.out");

    public OutboxStage() => Shape = new SourceShape<ByteString>(_out);

    public override SourceShape<ByteString> Shape { get; }

    public override ILogicAndMaterializedValue<Outbox> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var outbox = new Outbox();
        return new LogicAndMaterializedValue<Outbox>(new Logic(this, outbox), outbox);
    }

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly Outlet<ByteString> _out;
        private readonly Outbox _outbox;

        public Logic(OutboxStage stage, Outbox outbox) : base(stage.Shape)
        {
            _out = stage._out;
            _outbox = outbox;
            SetHandler(_out, this);
        }

        public override void PreStart()
        {
            if (_outbox.Attach(GetAsyncCallback(OnPull), GetAsyncCallback(Reset))) Reset();
        }

        private void Reset() => FailStage(new IOException($"Connection with {_outbox.Peer} reset: closed, and the peer took nothing for too long."));

        public override void OnPull()
        {
            if (!IsAvailable(_out)) return;
            var chunk = _outbox.Take(out var complete);
            if (chunk is not null) Push(_out, chunk);
            else if (complete) CompleteStage();
        }

        public override void OnDownstreamFinish(Exception cause)
        {
            _outbox.OnDone(cause is Akka.Streams.SubscriptionWithCancelException.NonFailureCancellation ? null : cause);
            base.OnDownstreamFinish(cause);
        }

        public override void PostStop() => _outbox.OnStageStopped();
    }
}
