using System.Net.Sockets;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Curio.Actors.Net;

/// <summary>
/// What a <see cref="SocketStage"/> shares with the socket's owner: the .NET socket, and the state that lets
/// <see cref="CurioSocket.Detach"/> take the socket back without losing a byte. The stage does each receive and send
/// syscall under <see cref="Gate"/> and checks <see cref="Detached"/> first, so once a detach has set it the stage
/// never touches the socket again.
/// </summary>
internal sealed class SocketHandle(Socket socket)
{
    internal readonly object Gate = new();
    internal Socket Socket { get; } = socket;
    internal bool WasBlocking { get; } = socket.Blocking;

    /// <summary>Set once the owner took the socket back; the stage then ends without closing it.</summary>
    internal bool Detached { get; set; }

    /// <summary>Bytes received by the stage that the inbox has not stored yet (cleared by the inbox's next pull).</summary>
    internal bool InFlight { get; set; }

    /// <summary>A send the stage started has not finished.</summary>
    internal bool SendPending { get; set; }

    /// <summary>
    /// Bytes the stage has taken for sending, counted under <see cref="Gate"/>. Equal to the outbox's hand-over count
    /// unless a chunk has left the outbox and not yet reached the stage: a detach then would lose it.
    /// </summary>
    internal long Accepted { get; set; }

    /// <summary>The stage has stopped (closed the socket, or let it go after a detach).</summary>
    internal bool Stopped { get; set; }

    /// <summary>Cancels the stage's wait for readability (a zero-byte receive, which consumes nothing).</summary>
    internal CancellationTokenSource ReadWait { get; } = new();

    private readonly StageReset _release = new();

    /// <summary>The stage's callback that ends it without closing the socket, after a detach; true if asked for already.</summary>
    internal bool AttachRelease(Action release) => _release.Attach(release);

    /// <summary>Ends the stage (now, or as it starts) and stops its wait for readability.</summary>
    internal void Release()
    {
        ReadWait.Cancel();
        _release.Fire();
    }
}

/// <summary>
/// An Akka.Streams flow over a connected .NET <see cref="Socket"/> (TCP or Unix domain): what Akka.IO's TCP stage is
/// for its own sockets, for sockets Akka.IO cannot make (AF_UNIX) or did not make (<see cref="CurioSocket.FromSocket"/>).
/// Bytes from upstream are sent (a non-blocking send, then an async one for the rest); the outlet is fed by reads made
/// only when downstream pulls, so a full inbox stops reading and the peer is back-pressured by the socket buffers.
/// It half-closes as Akka's TCP stage with halfClose: upstream's end shuts down the sending side (FIN) and reading goes
/// on; the peer's FIN completes the outlet and sending goes on; the socket is closed once both are over. A failure from
/// either side (the inbox's or outbox's reset) aborts the socket with an RST (SO_LINGER 0).
/// </summary>
internal sealed class SocketStage : GraphStage<FlowShape<ByteString, ByteString>>
{
    private const int ReadChunk = 128 * 1024;
    private const int CopyBelow = 8 * 1024; // smaller reads are copied out; larger ones hand the buffer itself over
    private readonly Inlet<ByteString> _in = new("curio.netsocket.in");
    private readonly Outlet<ByteString> _out = new("curio.netsocket.out");
    private readonly SocketHandle _handle;

    internal SocketStage(SocketHandle handle)
    {
        _handle = handle;
        Shape = new FlowShape<ByteString, ByteString>(_in, _out);
    }

    public override FlowShape<ByteString, ByteString> Shape { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : GraphStageLogic, IInHandler, IOutHandler
    {
        private readonly SocketStage _stage;
        private readonly SocketHandle _h;
        private readonly Socket _socket;
        private byte[] _readBuf = new byte[ReadChunk];
        private Action<Exception?> _onReadable = null!;
        private Action<Exception?> _onSent = null!;
        private bool _readDone, _writeDone, _finishAfterSend, _waiting;

        public Logic(SocketStage stage) : base(stage.Shape)
        {
            _stage = stage;
            _h = stage._handle;
            _socket = _h.Socket;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void PreStart()
        {
            _onReadable = GetAsyncCallback<Exception?>(OnReadable);
            _onSent = GetAsyncCallback<Exception?>(OnSent);
            try { _socket.Blocking = false; } // the syscalls made on the stage's thread must never block it
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Abort(e);
                return;
            }
            if (_h.AttachRelease(GetAsyncCallback(Released))) Released();
            else Pull(_stage._in);
        }

        // ---- receiving -----------------------------------------------------------------------

        public void OnPull()
        {
            lock (_h.Gate) _h.InFlight = false; // the inbox pulls once it has stored what was pushed
            TryRead();
        }

        private void TryRead()
        {
            int n;
            SocketError err;
            lock (_h.Gate)
            {
                if (_h.Detached) return;
                n = _socket.Receive(_readBuf, 0, _readBuf.Length, SocketFlags.None, out err);
                if (err == SocketError.Success && n > 0) _h.InFlight = true;
            }
            if (err == SocketError.WouldBlock) WaitReadable();
            else if (err != SocketError.Success) Fail(new SocketException((int)err));
            else if (n >= CopyBelow)
            {
                Push(_stage._out, ByteString.FromBytes(_readBuf, 0, n)); // no copy: the inbox keeps this buffer
                _readBuf = new byte[ReadChunk];
            }
            else if (n > 0) Push(_stage._out, ByteString.CopyFrom(_readBuf, 0, n));
            else ReadEnded();
        }

        private void WaitReadable()
        {
            if (_waiting) return;
            _waiting = true;
            // A zero-byte receive waits for data without taking any (.NET peeks on Unix), so a detach that cancels it
            // loses nothing.
            ValueTask<int> wait;
            try { wait = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _h.ReadWait.Token); }
            catch (Exception e)
            {
                _waiting = false;
                OnReadable(e);
                return;
            }
            var awaiter = wait.ConfigureAwait(false).GetAwaiter();
            if (awaiter.IsCompleted) Readable(awaiter, inline: true);
            else awaiter.UnsafeOnCompleted(() => Readable(awaiter, inline: false));
        }

        private void Readable(System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter awaiter, bool inline)
        {
            Exception? error = null;
            try { awaiter.GetResult(); }
            catch (Exception e) { error = e; }
            if (inline) OnReadable(error);
            else _onReadable(error);
        }

        private void OnReadable(Exception? error)
        {
            _waiting = false;
            if (_h.Detached || _readDone) return;
            if (error is OperationCanceledException or ObjectDisposedException) return; // stopping
            if (error is not null) Fail(error);
            else if (IsAvailable(_stage._out)) TryRead();
        }

        private void ReadEnded()
        {
            _readDone = true;
            Complete(_stage._out);
            CloseWhenDone();
        }

        public void OnDownstreamFinish(Exception cause)
        {
            if (cause is not SubscriptionWithCancelException.NonFailureCancellation)
            {
                Abort(cause);
                return;
            }
            _readDone = true;
            CloseWhenDone();
        }

        // ---- sending -------------------------------------------------------------------------

        public void OnPush()
        {
            var data = Grab(_stage._in).ToReadOnlySpan();
            int n;
            SocketError err;
            lock (_h.Gate)
            {
                if (_h.Detached) return;
                _h.Accepted += data.Length;
                n = _socket.Send(data, SocketFlags.None, out err);
                if (err == SocketError.WouldBlock) (n, err) = (0, SocketError.Success);
                if (err == SocketError.Success && n < data.Length) _h.SendPending = true;
            }
            if (err != SocketError.Success) Fail(new SocketException((int)err));
            else if (n == data.Length) Pull(_stage._in);
            else SendRest(data[n..].ToArray()); // only what the socket buffer did not take is copied
        }

        private void SendRest(ReadOnlyMemory<byte> rest)
        {
            ValueTask<int> sending;
            try { sending = _socket.SendAsync(rest, SocketFlags.None); }
            catch (Exception e)
            {
                OnSent(e);
                return;
            }
            var awaiter = sending.ConfigureAwait(false).GetAwaiter();
            awaiter.UnsafeOnCompleted(() =>
            {
                Exception? error = null;
                try
                {
                    var sent = awaiter.GetResult();
                    if (sent < rest.Length)
                    {
                        SendRest(rest[sent..]); // a stream socket sends all, but do not count on it
                        return;
                    }
                }
                catch (Exception e) { error = e; }
                _onSent(error);
            });
        }

        private void OnSent(Exception? error)
        {
            lock (_h.Gate) _h.SendPending = false;
            if (_h.Detached) return;
            if (error is not null)
            {
                Fail(error);
                return;
            }
            if (_finishAfterSend) ShutdownSend();
            else Pull(_stage._in);
        }

        public void OnUpstreamFinish()
        {
            bool pending;
            lock (_h.Gate) pending = _h.SendPending;
            if (pending) _finishAfterSend = true;
            else ShutdownSend();
        }

        public void OnUpstreamFailure(Exception e) => Abort(e);

        private void ShutdownSend()
        {
            _writeDone = true;
            if (!_h.Detached)
            {
                try { _socket.Shutdown(SocketShutdown.Send); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { } // the peer is gone: nothing to end
            }
            CloseWhenDone();
        }

        // ---- ending --------------------------------------------------------------------------

        private void CloseWhenDone()
        {
            if (_readDone && _writeDone) CompleteStage();
        }

        private void Fail(Exception error) =>
            FailStage(error is IOException ? error : new IOException(error.Message, error));

        /// <summary>A reset: the peer gets an RST instead of a FIN, and both sides of the stream fail.</summary>
        private void Abort(Exception cause)
        {
            if (!_h.Detached)
            {
                try
                {
                    _socket.LingerState = new LingerOption(true, 0);
                    _socket.Close();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            }
            FailStage(cause);
        }

        private void Released() => CompleteStage(); // detached: the socket is the owner's now

        public override void PostStop()
        {
            bool close;
            lock (_h.Gate)
            {
                _h.Stopped = true;
                close = !_h.Detached;
            }
            if (!close) return;
            _h.ReadWait.Cancel();
            _socket.Dispose();
        }
    }
}
