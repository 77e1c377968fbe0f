using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Curio.Actors.Net;

/// <summary>
/// The receive side of a connection: the chunks pushed by the Akka.Streams connection wait here as they came (no copy)
/// until readers copy them out. The stage keeps pulling while less than <see cref="HighWater"/> bytes wait unread, so
/// memory stays bounded and a slow reader back-pressures the peer through TCP.
/// </summary>
internal sealed class Inbox
{
    // 256 KiB, like the socket buffers (NetConfig): at 64 KiB a bulk transfer ran at 0.55 of a plain .NET socket.
    internal const int HighWater = 256 * 1024;
    private const int ResumeBelow = HighWater / 2;

    private readonly object _gate = new();
    private readonly Queue<ByteString> _chunks = new();
    private int _headRead; // bytes of the oldest chunk already read
    private int _buffered;
    private bool _eof, _stalled, _localClose;
    private Exception? _error;
    private IWaker? _waiter;
    private Action? _resume;
    private readonly StageReset _reset = new();

    internal string Peer { get; set; } = "peer";

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the reading stage has stopped (the connection's input is over).</summary>
    internal Task Stopped => _stopped.Task;

    internal void OnStageStopped()
    {
        OnEnd(null);
        _stopped.TrySetResult();
    }

    internal int Buffered
    {
        get { lock (_gate) return _buffered; }
    }

    // ---- stage side --------------------------------------------------------------------------

    /// <summary>Called by the stage when it starts; true if the socket was closed before that.</summary>
    internal bool Attach(Action resume, Action reset)
    {
        lock (_gate) _resume = resume;
        return _reset.Attach(reset);
    }

    /// <summary>Stores a chunk; true if the stage may pull again at once.</summary>
    internal bool OnChunk(ByteString chunk)
    {
        IWaker? w;
        bool pull;
        lock (_gate)
        {
            if (_localClose) return true; // closed for reading: discard, never stall the connection
            if (chunk.Count > 0) _chunks.Enqueue(chunk);
            _buffered += chunk.Count;
            pull = _buffered < HighWater;
            if (!pull) _stalled = true;
            w = _waiter;
            _waiter = null;
        }
        w?.Wake();
        return pull;
    }

    /// <summary>The peer finished sending (error null) or the connection failed.</summary>
    internal void OnEnd(Exception? error)
    {
        IWaker? w;
        lock (_gate)
        {
            if (_eof) return;
            _eof = true;
            _error = error;
            w = _waiter;
            _waiter = null;
        }
        w?.Wake();
    }

    // ---- reader side -------------------------------------------------------------------------

    /// <summary>
    /// Copies buffered bytes into <paramref name="dest"/>. Returns false if nothing is buffered and the stream has
    /// not ended (the caller then waits). Call under the gate.
    /// </summary>
    private bool TryTake(Span<byte> dest, out int count, out Action? resume)
    {
        resume = null;
        if (_buffered > 0)
        {
            count = 0;
            while (count < dest.Length && _chunks.TryPeek(out var head))
            {
                var k = Math.Min(head.Count - _headRead, dest.Length - count);
                var part = head.Slice(_headRead, k); // the chunk itself when taken whole
                var span = dest.Slice(count, k);
                part.CopyTo(ref span);
                count += k;
                _headRead += k;
                if (_headRead == head.Count)
                {
                    _chunks.Dequeue();
                    _headRead = 0;
                }
            }
            _buffered -= count;
            if (_stalled && _buffered < ResumeBelow)
            {
                _stalled = false;
                resume = _resume;
            }
            return true;
        }
        count = 0;
        if (!_eof) return false;
        if (_error is { } e) throw new IOException($"Connection with {Peer} failed: {e.Message}", e);
        return true;
    }

    /// <summary>
    /// Curio's recv as a kernel blocking operation: the buffered bytes, or waits for some; 0 at EOF. An empty
    /// <paramref name="dest"/> returns at once, or with <paramref name="waitForData"/> once bytes or EOF are there.
    /// </summary>
    internal ValueTask<int> ReadAsync(CurioTask me, Memory<byte> dest, bool waitForData = false)
    {
        ReadNode node;
        lock (_gate)
        {
            if (_waiter is not null) throw new ReadResourceBusy($"Another task is already reading from the connection with {Peer}.");
            if (dest.Length == 0 && !waitForData) return new ValueTask<int>(0);
            if (TryTake(dest.Span, out var n, out var resume))
            {
                resume?.Invoke();
                return new ValueTask<int>(n);
            }
            me.ThrowIfCancelPending();
            node = new ReadNode(me, this);
            _waiter = node;
        }
        return ReadSlowAsync(me, node, dest);
    }

    private async ValueTask<int> ReadSlowAsync(CurioTask me, ReadNode node, Memory<byte> dest)
    {
        while (true)
        {
            await me.Park(node, "READ_WAIT");
            lock (_gate)
            {
                if (TryTake(dest.Span, out var n, out var resume))
                {
                    resume?.Invoke();
                    return n;
                }
                // another reader took the bytes between the wake-up and now: wait again
                me.ThrowIfCancelPending();
                node = new ReadNode(me, this);
                _waiter = node;
            }
        }
    }

    /// <summary>
    /// The same read for .NET code (the TLS stream adapter): never blocks a thread. A zero-byte read waits until bytes
    /// are buffered or the stream ended, as <see cref="Stream"/> readers expect.
    /// </summary>
    internal ValueTask<int> ReadNetAsync(Memory<byte> dest, NetReadWaiter waiter)
    {
        lock (_gate)
        {
            if (_waiter is not null) throw new ReadResourceBusy($"Another reader is already waiting on the connection with {Peer}.");
            if (TryTake(dest.Span, out var n, out var resume))
            {
                resume?.Invoke();
                return new ValueTask<int>(n);
            }
            var pending = waiter.Arm(dest);
            _waiter = waiter;
            return pending;
        }
    }

    /// <summary>For a woken <see cref="NetReadWaiter"/>: takes its bytes, or parks it again if there are none.</summary>
    internal bool TryCompleteNetRead(NetReadWaiter waiter, Span<byte> dest, out int count)
    {
        Action? resume;
        lock (_gate)
        {
            if (!TryTake(dest, out count, out resume))
            {
                _waiter = waiter;
                return false;
            }
        }
        resume?.Invoke();
        return true;
    }

    /// <summary>
    /// Stops reading (close or shutdown of the read side): later reads see end of file. The stage keeps draining and
    /// discarding what the peer still sends, because cancelling it would reset the connection and lose queued output.
    /// </summary>
    internal void Close()
    {
        IWaker? w;
        Action? resume = null;
        lock (_gate)
        {
            _localClose = true;
            _eof = true;
            _error = null;
            _chunks.Clear();
            _headRead = _buffered = 0;
            w = _waiter;
            _waiter = null;
            if (_stalled)
            {
                _stalled = false;
                resume = _resume;
            }
        }
        w?.Wake();
        resume?.Invoke();
    }

    /// <summary>Resets the connection (an abortive close: Akka.IO aborts the socket, the peer gets an RST).</summary>
    internal void Abort()
    {
        Close();
        _reset.Fire();
    }

    private void Unregister(IWaker node)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_waiter, node)) _waiter = null;
        }
    }

    private sealed class ReadNode(CurioTask owner, Inbox inbox) : Engine.WaitNode<bool>(owner), IWaker
    {
        public void Wake() => TryWake(true);

        protected override void Unregister() => inbox.Unregister(this);
    }
}

/// <summary>The Akka.Streams sink that feeds an <see cref="Inbox"/>.</summary>
internal sealed class InboxStage : GraphStageWithMaterializedValue<SinkShape<ByteString>, Inbox>
{
    private readonly Inlet<ByteString> _in = new("curio.socket.in");

    public InboxStage() => Shape = new SinkShape<ByteString>(_in);

    public override SinkShape<ByteString> Shape { get; }

    public override ILogicAndMaterializedValue<Inbox> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var inbox = new Inbox();
        return new LogicAndMaterializedValue<Inbox>(new Logic(this, inbox), inbox);
    }

    private sealed class Logic : InGraphStageLogic
    {
        private readonly Inlet<ByteString> _in;
        private readonly Inbox _inbox;

        public Logic(InboxStage stage, Inbox inbox) : base(stage.Shape)
        {
            _in = stage._in;
            _inbox = inbox;
            SetHandler(_in, this);
        }

        public override void PreStart()
        {
            if (_inbox.Attach(GetAsyncCallback(Resume), GetAsyncCallback(Reset))) Reset();
            else Pull(_in);
        }

        // A failure cancellation, not a plain one: Akka.Streams' TCP stage then aborts the connection instead of
        // waiting for its output side to finish.
        private void Reset() => Cancel(_in, new IOException($"Connection with {_inbox.Peer} reset: closed, and the peer did not end its side."));

        private void Resume()
        {
            if (!IsClosed(_in) && !HasBeenPulled(_in)) Pull(_in);
        }

        public override void OnPush()
        {
            if (_inbox.OnChunk(Grab(_in))) Pull(_in);
        }

        public override void OnUpstreamFinish()
        {
            _inbox.OnEnd(null);
            CompleteStage();
        }

        public override void OnUpstreamFailure(Exception e)
        {
            _inbox.OnEnd(e);
            FailStage(e);
        }

        public override void PostStop() => _inbox.OnStageStopped();
    }
}
