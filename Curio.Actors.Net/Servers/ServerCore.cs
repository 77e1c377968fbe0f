using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Curio.Actors.Engine;

namespace Curio.Actors.Net;

/// <summary>
/// The handler machinery a <see cref="TcpServer"/> and a <see cref="UnixServer"/> share: connection slots
/// (<see cref="TcpServerOptions.MaxConnections"/>), the queue of accepted connections, one handler task per connection
/// with its TLS handshake under the deadline and the per-connection limits, the rate-limited log, and the stop: a
/// <see cref="Close"/> stops accepting and lets running handlers go on; a cancelled serving task cancels them.
/// </summary>
/// <remarks>
/// The listener is released through <c>release</c>. Akka.IO's accepted connections are children of its listener
/// actor, so a TCP server releases it (unbinds) only once every accepted connection has ended; a Unix listener is a
/// plain socket and is released at once.
/// </remarks>
internal sealed class ServerCore
{
    private readonly object _gate = new();
    private readonly Queue<Connection> _accepted = new();
    private readonly WaitQueue _waiters;
    private readonly HashSet<CurioTask> _handlers = new();
    // Handlers that ended before ServeAsync recorded them (Parallel mode runs them at once, on another thread).
    private readonly HashSet<CurioTask> _endedUnrecorded = new();
    private readonly List<Task> _connections = new();
    private readonly LogLimiter _logLimiter = new(TimeSpan.FromSeconds(10), 10);
    private readonly Func<CurioSocket, EndPoint, Task> _handler;
    private readonly X509Certificate2? _certificate;
    private readonly string _kind;
    private readonly bool _releaseWhenEnded;
    private Func<Task> _release = static () => Task.CompletedTask;
    private Action _pullIfRoom = static () => { };
    private int _slots; // connections taken from the listener whose handler has not ended
    private bool _closed, _released;
    private readonly TaskCompletionSource _releasedTcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ServerCore(string kind, Func<CurioSocket, EndPoint, Task> handler, X509Certificate2? certificate, TcpServerOptions options,
        KernelCore core, bool releaseWhenEnded)
    {
        _kind = kind;
        _handler = handler;
        _certificate = certificate;
        Options = options;
        Core = core;
        _releaseWhenEnded = releaseWhenEnded;
        _waiters = new WaitQueue(_gate);
    }

    internal TcpServerOptions Options { get; }

    internal KernelCore Core { get; }

    internal SslServerAuthenticationOptions? TlsOptions { get; set; }

    /// <summary>Releases the listener (unbinds, closes the listening socket).</summary>
    internal void OnRelease(Func<Task> release) => _release = release;

    /// <summary>Completes once the listener has been released.</summary>
    internal Task Released => _releasedTcs.Task;

    internal int ActiveHandlers
    {
        get { lock (_gate) return _handlers.Count; }
    }

    /// <summary>Accepted connections not yet ended (handlers' and closed ones whose peer has not ended its side).</summary>
    internal int OpenConnections
    {
        get { lock (_gate) return _connections.Count(c => !c.IsCompleted); }
    }

    internal bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    internal void AttachGate(Action pullIfRoom) => _pullIfRoom = pullIfRoom;

    /// <summary>
    /// Takes a connection slot for the next accept; false when <see cref="TcpServerOptions.MaxConnections"/> are open.
    /// A closed server takes every connection, to reset it (see <see cref="OnIncoming"/>).
    /// </summary>
    internal bool TryTakeSlot()
    {
        lock (_gate)
        {
            if (!_closed && _slots >= Options.MaxConnections) return false;
            _slots++;
            return true;
        }
    }

    /// <summary>Gives back a slot taken for an accept that brought nothing.</summary>
    internal void GiveBackSlot()
    {
        lock (_gate) _slots--;
    }

    private void ReleaseSlot()
    {
        bool closed;
        lock (_gate)
        {
            _slots--;
            closed = _closed;
        }
        if (!closed) _pullIfRoom();
    }

    /// <summary>An accepted connection: queued for the serving task, or reset when the server is closed.</summary>
    internal void OnIncoming(Connection conn)
    {
        lock (_gate)
        {
            _connections.RemoveAll(c => c.IsCompleted);
            _connections.Add(conn.Ended);
            if (!_closed)
            {
                _accepted.Enqueue(conn);
                while (_waiters.Dequeue() is WaitNode<bool> n) if (n.TryWake(true)) break;
                return;
            }
            _slots--;
        }
        // Accepted by the OS while the listener waits for earlier connections to end: as close to refused as it gets.
        conn.Reset();
    }

    private ValueTask<bool> WaitAcceptAsync(CurioTask me)
    {
        WaitNode<bool> node;
        lock (_gate)
        {
            if (_accepted.Count > 0 || _closed) return new ValueTask<bool>(true);
            me.ThrowIfCancelPending();
            node = new WaitNode<bool>(me);
            _waiters.Enqueue(node);
        }
        return me.Park(node, "SOCKET_ACCEPT");
    }

    /// <summary>
    /// Accepts until cancelled or closed, running each handler as a child task. After a close it waits for the running
    /// handlers to end by themselves; if the serving task is cancelled, it cancels them and waits for them.
    /// </summary>
    internal async Task ServeAsync()
    {
        var me = CurioTask.Require(nameof(ServeAsync));
        try
        {
            while (true)
            {
                await WaitAcceptAsync(me).ConfigureAwait(true);
                Connection conn;
                lock (_gate)
                {
                    if (_accepted.Count == 0)
                    {
                        if (_closed) break;
                        continue;
                    }
                    conn = _accepted.Dequeue();
                }
                var t = Async.Spawn(() => RunHandlerAsync(conn), name: _kind.ToLowerInvariant() + "-client " + conn.Remote);
                t.Supervised = true; // the server reports its handlers' ends (Curio's runs them in a task group)
                lock (_gate)
                {
                    if (!_endedUnrecorded.Remove(t) && !t.Terminated) _handlers.Add(t);
                }
            }
            // Closed: the clients already served go on (Curio's close of a server socket stops accepting only).
            while (Running() is { Length: > 0 } running)
                foreach (var h in running) await h.WaitAsync().ConfigureAwait(true);
        }
        finally
        {
            await StopAsync().ConfigureAwait(true);
        }
    }

    private CurioTask[] Running()
    {
        lock (_gate) return _handlers.Where(h => !h.Terminated).ToArray();
    }

    private async Task StopAsync()
    {
        StopAccepting();
        using (Async.DisableCancellation())
        {
            while (Running() is { Length: > 0 } running)
            {
                foreach (var h in running) await h.CancelAsync().ConfigureAwait(true);
                lock (_gate) foreach (var h in running) _handlers.Remove(h);
            }
            // Unbinding stops Akka's listener and with it the accepted connections: let their FINs go out first.
            Task[] open;
            lock (_gate) open = _connections.Where(c => !c.IsCompleted).ToArray();
            if (open.Length > 0) await Async.Await(Task.WhenAny(Task.WhenAll(open), Task.Delay(TimeSpan.FromSeconds(1)))).ConfigureAwait(true);
        }
        _ = ReleaseAsync();
    }

    private async Task RunHandlerAsync(Connection conn)
    {
        var me = CurioTask.Require(nameof(RunHandlerAsync));
        var socket = new CurioSocket(conn);
        var reset = false; // a peer that failed the handshake or hit a limit is reset, not given a graceful close
        try
        {
            var options = TlsOptions ?? (_certificate is null ? null
                : new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = TlsDefaults.Protocols });
            if (options is not null)
            {
                var tls = new SslStream(new ConnectionStream(conn), leaveInnerStreamOpen: false);
                try
                {
                    var limit = Options.HandshakeTimeout == Timeout.InfiniteTimeSpan ? (TimeSpan?)null : Options.HandshakeTimeout;
                    await Async.TimeoutAfter(limit, async () =>
                        await Async.Await(ct => Network.Done(tls.AuthenticateAsServerAsync(options, ct))).ConfigureAwait(true)).ConfigureAwait(true);
                }
                catch (TaskTimeout)
                {
                    reset = true;
                    Report(LogLevel.InfoLevel, "handshake-timeout", null,
                        $"TLS handshake with {conn.Remote} timed out after {Options.HandshakeTimeout.TotalSeconds:0.###} s: connection dropped");
                    return;
                }
                catch (Exception e) when (e is not CancelledError)
                {
                    reset = true;
                    Report(LogLevel.InfoLevel, "handshake-failed", null, $"TLS handshake with {conn.Remote} failed: {TlsFailures.Describe(e)}");
                    return;
                }
                socket = new CurioSocket(conn, tls);
            }
            socket.IdleTimeout = Options.IdleTimeout;
            socket.SendStallTimeout = Options.SendStallTimeout;
            await _handler(socket, conn.Remote).ConfigureAwait(true);
        }
        catch (CancelledError) when (me.Cancelled)
        {
            // the server is stopping: a handler cancelled by it ends quietly
        }
        catch (Exception e) when (IsNetworkFailure(e))
        {
            reset = socket.LimitHit;
            Report(LogLevel.InfoLevel, "handler-" + e.GetType().Name, null, $"{_kind} handler for {conn.Remote} ended: {e.GetType().Name}: {OneLine(e)}");
        }
        catch (Exception e)
        {
            Report(LogLevel.ErrorLevel, "handler-" + e.GetType().FullName, e, $"{_kind} handler for {conn.Remote} failed");
        }
        finally
        {
            if (reset || socket.LimitHit) conn.Reset();
            else await socket.CloseAsync().ConfigureAwait(true);
            lock (_gate)
            {
                if (!_handlers.Remove(me)) _endedUnrecorded.Add(me);
            }
            ReleaseSlot();
        }
    }

    /// <summary>What a network does to a server in ordinary use: a reset, a broken pipe, a failed handshake, a timeout.</summary>
    private static bool IsNetworkFailure(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or TaskTimeout or ObjectDisposedException;

    private static string OneLine(Exception e)
    {
        var m = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;
        return m.ReplaceLineEndings(" ");
    }

    private void Report(LogLevel level, string kind, Exception? error, string message) => _logLimiter.Log(Core.Log, level, kind, error, message);

    /// <summary>Stops accepting: queued connections are closed, the serving task stops waiting for more.</summary>
    private void StopAccepting()
    {
        Connection[] pending;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            pending = _accepted.ToArray();
            _accepted.Clear();
            while (_waiters.Dequeue() is WaitNode<bool> n) n.TryWake(true);
        }
        foreach (var c in pending)
        {
            c.Close();
            ReleaseSlot();
        }
        _pullIfRoom(); // a closed gate drains what the listener still hands over
    }

    /// <summary>
    /// Stops accepting; running handlers go on. The listener is released at once, or (TCP) once every accepted
    /// connection has ended. Idempotent.
    /// </summary>
    internal void Close()
    {
        StopAccepting();
        if (_releaseWhenEnded) _ = ReleaseWhenEndedAsync();
        else _ = ReleaseAsync();
    }

    private async Task ReleaseWhenEndedAsync()
    {
        while (true)
        {
            Task[] open;
            lock (_gate)
            {
                if (_released) return;
                _connections.RemoveAll(c => c.IsCompleted);
                open = _connections.ToArray();
            }
            if (open.Length == 0) break;
            await Task.WhenAll(open).ConfigureAwait(false);
        }
        await ReleaseAsync().ConfigureAwait(false);
    }

    private async Task ReleaseAsync()
    {
        lock (_gate)
        {
            if (_released) return;
            _released = true;
        }
        try { await _release().ConfigureAwait(false); }
        finally { _releasedTcs.TrySetResult(); }
    }
}
