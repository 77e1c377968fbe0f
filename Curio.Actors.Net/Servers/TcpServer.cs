using Akka.Event;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Streams.Dsl;
using Curio.Actors.Engine;
using StreamTcp = Akka.Streams.Dsl.Tcp;

namespace Curio.Actors.Net;

/// <summary>
/// A TCP server on Akka.Streams (Curio's <c>tcp_server</c>, split in two so that a port 0 can be learnt): bind with
/// <c>BindAsync</c>, then run <see cref="ServeAsync"/> in a task. Each accepted connection runs the handler as
/// its own child task; the socket is closed when the handler ends, and a handler that fails is logged and does not
/// stop the server. Cancelling the serving task stops accepting, cancels every handler and waits for them.
/// </summary>
/// <remarks>
/// With a certificate, every connection is TLS (server side) and the handshake runs in the handler's task first.
/// <see cref="TcpServerOptions"/> bound what a peer can hold: connections at once (accepting pauses beyond it), the
/// handshake, and receives and sends that wait too long (a <see cref="TaskTimeout"/> in the handler). Ordinary network
/// failures of a handler (a reset, a broken pipe, a failed handshake, a timeout) are logged in one INFO line without a
/// trace; other exceptions at ERROR with the trace; either kind at most 10 lines per 10 s, the rest counted.
/// </remarks>
public sealed class TcpServer
{
    private readonly object _gate = new();
    private readonly Queue<Connection> _accepted = new();
    private readonly WaitQueue _waiters;
    private readonly Func<CurioSocket, EndPoint, Task> _handler;
    private readonly X509Certificate2? _certificate;
    private SslServerAuthenticationOptions? _tlsOptions;
    private readonly HashSet<CurioTask> _handlers = new();
    private readonly List<Task> _connections = new();
    private readonly TcpServerOptions _options;
    private readonly LogLimiter _logLimiter = new(TimeSpan.FromSeconds(10), 10);
    private Engine.KernelCore _core = null!;
    private StreamTcp.ServerBinding _binding;
    private Action _pullIfRoom = static () => { };
    private int _slots; // connections pulled from the listener whose handler has not ended
    private bool _closed, _unbound;

    private TcpServer(Func<CurioSocket, EndPoint, Task> handler, X509Certificate2? certificate, TcpServerOptions options)
    {
        _handler = handler;
        _certificate = certificate;
        _options = options;
        _waiters = new WaitQueue(_gate);
    }

    /// <summary>The server's limits.</summary>
    public TcpServerOptions Options => _options;

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public EndPoint LocalEndPoint { get; private set; } = new IPEndPoint(IPAddress.Any, 0);

    /// <summary>The bound port.</summary>
    public int Port => ((IPEndPoint)LocalEndPoint).Port;

    /// <summary>Handlers running now.</summary>
    public int ActiveHandlers
    {
        get { lock (_gate) return _handlers.Count; }
    }

    /// <summary>
    /// Binds and listens on <paramref name="host"/>:<paramref name="port"/> (0 for any free port). A busy port raises
    /// <see cref="AddressInUseError"/> ("address already in use: localhost:25000").
    /// </summary>
    /// <remarks>
    /// As in Curio, "" (and "*", 0.0.0.0) listens on every IPv4 interface; "::" on every IPv6 interface, and IPv4
    /// ones too where the OS allows dual stack; any local address listens there only.
    /// </remarks>
    /// <param name="host">The address to listen on.</param>
    /// <param name="port">The port; 0 for any free one.</param>
    /// <param name="handler">Runs for each client, as its own task.</param>
    /// <param name="certificate">With one, every connection is TLS.</param>
    /// <param name="backlog">The listen backlog, when <paramref name="options"/> does not give one.</param>
    /// <param name="options">Limits against slow and hostile peers; null: <see cref="TcpServerOptions"/>' defaults.</param>
    public static async Task<TcpServer> BindAsync(string host, int port, Func<CurioSocket, EndPoint, Task> handler,
        X509Certificate2? certificate = null, int backlog = 100, TcpServerOptions? options = null)
    {
        options ??= new TcpServerOptions { Backlog = backlog };
        options.Validate();
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (certificate is not null && !certificate.HasPrivateKey)
            throw new ArgumentException("The server certificate has no private key.", nameof(certificate));
        var me = CurioTask.Require(nameof(BindAsync));
        var address = await Network.ResolveAsync(host, port).ConfigureAwait(true);
        // Checked first: a bind Akka's listener fails logs an ERROR with a trace before the failure comes back here.
        if (NetFailures.ProbeBind(address, port) is var busy and not SocketError.Success)
            throw NetFailures.For(busy, host, port, null, bind: true);
        var server = new TcpServer(handler, certificate, options);
        var system = me.Core.System;
        server._core = me.Core;
        var bound = TcpBind.Source(system, new IPEndPoint(address, port), options.Backlog)
            .ToMaterialized(Sink.FromGraph(new AcceptGate(server)), Keep.Left)
            .Run(Connection.MaterializerOf(me.Core));
        try { server._binding = await Async.Await(bound).ConfigureAwait(true); }
        catch (Exception e) when (e is not CancelledError)
        {
            var why = NetFailures.ProbeBind(address, port);
            throw NetFailures.For(why == SocketError.Success ? SocketError.SocketError : why, host, port, e, bind: true);
        }
        server.LocalEndPoint = server._binding.LocalAddress;
        return server;
    }

    /// <summary>
    /// Binds a TLS server with .NET's own server options (Curio's <c>ssl=context</c>): ALPN
    /// (<see cref="SslServerAuthenticationOptions.ApplicationProtocols"/>, the choice readable from
    /// <see cref="CurioSocket.SslStream"/>), client certificates, a validation callback, protocol versions, cipher policy.
    /// Without <see cref="SslServerAuthenticationOptions.EnabledSslProtocols"/> only TLS 1.2 and 1.3 are accepted.
    /// </summary>
    public static async Task<TcpServer> BindAsync(string host, int port, Func<CurioSocket, EndPoint, Task> handler,
        SslServerAuthenticationOptions tlsOptions, int backlog = 100, TcpServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tlsOptions);
        if (tlsOptions.ServerCertificate is null && tlsOptions.ServerCertificateContext is null && tlsOptions.ServerCertificateSelectionCallback is null)
            throw new ArgumentException("The TLS options name no server certificate.", nameof(tlsOptions));
        var server = await BindAsync(host, port, handler, certificate: null, backlog, options).ConfigureAwait(true);
        server._tlsOptions = TlsDefaults.Server(tlsOptions);
        return server;
    }

    internal void AttachGate(Action pullIfRoom) => _pullIfRoom = pullIfRoom;

    /// <summary>Takes a connection slot for the next accept; false when <see cref="TcpServerOptions.MaxConnections"/> are open.</summary>
    internal bool TryTakeSlot()
    {
        lock (_gate)
        {
            if (_closed || _slots >= _options.MaxConnections) return false;
            _slots++;
            return true;
        }
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

    internal void OnIncoming(StreamTcp.IncomingConnection incoming)
    {
        var conn = Connection.Materialize(incoming, _core);
        lock (_gate)
        {
            if (_closed)
            {
                _slots--;
                conn.Close();
                return;
            }
            _accepted.Enqueue(conn);
            _connections.RemoveAll(c => c.IsCompleted);
            _connections.Add(conn.Ended);
            while (_waiters.Dequeue() is WaitNode<bool> n) if (n.TryWake(true)) break;
        }
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
    /// Accepts connections until cancelled or closed, running each handler as a child task. On the way out it
    /// unbinds, cancels the running handlers and waits for them.
    /// </summary>
    public async Task ServeAsync()
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
                        if (_closed) return;
                        continue;
                    }
                    conn = _accepted.Dequeue();
                }
                var t = Async.Spawn(() => RunHandlerAsync(conn), name: "tcp-client " + conn.Remote);
                t.Supervised = true; // the server reports its handlers' ends (Curio's runs them in a task group)
                lock (_gate)
                {
                    if (!t.Terminated) _handlers.Add(t);
                }
            }
        }
        finally
        {
            await StopAsync(me).ConfigureAwait(true);
        }
    }

    private async Task StopAsync(CurioTask me)
    {
        StopAccepting();
        using (Async.DisableCancellation())
        {
            while (true)
            {
                CurioTask[] running;
                lock (_gate) running = _handlers.Where(h => !h.Terminated).ToArray();
                if (running.Length == 0) break;
                foreach (var h in running) await h.CancelAsync().ConfigureAwait(true);
                lock (_gate) foreach (var h in running) _handlers.Remove(h);
            }
            // Unbinding stops Akka's listener and with it the accepted connections: let their FINs go out first.
            Task[] open;
            lock (_gate) open = _connections.Where(c => !c.IsCompleted).ToArray();
            if (open.Length > 0) await Async.Await(Task.WhenAny(Task.WhenAll(open), Task.Delay(TimeSpan.FromSeconds(1)))).ConfigureAwait(true);
        }
        Close();
        _ = me;
    }

    private async Task RunHandlerAsync(Connection conn)
    {
        var me = CurioTask.Require(nameof(RunHandlerAsync));
        var socket = new CurioSocket(conn);
        var reset = false; // a peer that failed the handshake or hit a limit is reset, not given a graceful close
        try
        {
            var options = _tlsOptions ?? (_certificate is null ? null
                : new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = TlsDefaults.Protocols });
            if (options is not null)
            {
                var tls = new SslStream(new ConnectionStream(conn), leaveInnerStreamOpen: false);
                try
                {
                    var limit = _options.HandshakeTimeout == Timeout.InfiniteTimeSpan ? (TimeSpan?)null : _options.HandshakeTimeout;
                    await Async.TimeoutAfter(limit, async () =>
                        await Async.Await(ct => Network.Done(tls.AuthenticateAsServerAsync(options, ct))).ConfigureAwait(true)).ConfigureAwait(true);
                }
                catch (TaskTimeout)
                {
                    reset = true;
                    Report(LogLevel.InfoLevel, "handshake-timeout", null,
                        $"TLS handshake with {conn.Remote} timed out after {_options.HandshakeTimeout.TotalSeconds:0.###} s: connection dropped");
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
            socket.IdleTimeout = _options.IdleTimeout;
            socket.SendStallTimeout = _options.SendStallTimeout;
            await _handler(socket, conn.Remote).ConfigureAwait(true);
        }
        catch (CancelledError) when (me.Cancelled)
        {
            // the server is stopping: a handler cancelled by it ends quietly
        }
        catch (Exception e) when (IsNetworkFailure(e))
        {
            reset = socket.LimitHit;
            Report(LogLevel.InfoLevel, "handler-" + e.GetType().Name, null, $"TCP handler for {conn.Remote} ended: {e.GetType().Name}: {OneLine(e)}");
        }
        catch (Exception e)
        {
            Report(LogLevel.ErrorLevel, "handler-" + e.GetType().FullName, e, $"TCP handler for {conn.Remote} failed");
        }
        finally
        {
            if (reset || socket.LimitHit) conn.Reset();
            else await socket.CloseAsync().ConfigureAwait(true);
            lock (_gate) _handlers.Remove(me);
            ReleaseSlot();
        }
    }

    /// <summary>What a network does to a server in ordinary use: a reset, a broken pipe, a failed handshake, a timeout.</summary>
    private static bool IsNetworkFailure(Exception e) =>
        e is IOException or SocketException or System.Security.Authentication.AuthenticationException or TaskTimeout or ObjectDisposedException;

    private static string OneLine(Exception e)
    {
        var m = e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;
        return m.ReplaceLineEndings(" ");
    }

    private void Report(LogLevel level, string kind, Exception? error, string message) => _logLimiter.Log(_core.Log, level, kind, error, message);

    /// <summary>Accepted connections not yet ended (handlers' and closed ones whose peer has not ended its side).</summary>
    internal int OpenConnections
    {
        get { lock (_gate) return _connections.Count(c => !c.IsCompleted); }
    }

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
    }

    /// <summary>Stops accepting and unbinds; running handlers go on. Idempotent.</summary>
    public void Close()
    {
        Connection[] pending;
        lock (_gate)
        {
            if (_unbound) return;
            _unbound = _closed = true;
            pending = _accepted.ToArray();
            _accepted.Clear();
            while (_waiters.Dequeue() is WaitNode<bool> n) n.TryWake(true);
        }
        foreach (var c in pending)
        {
            c.Close();
            ReleaseSlot();
        }
        _ = _binding.Unbind();
    }
}
