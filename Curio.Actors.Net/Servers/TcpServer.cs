using Akka.Event;
using System.Net;
using System.Net.Security;
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
/// With a certificate, every connection is TLS (server side) and the handshake runs in the handler's task first.
/// </summary>
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
    private Engine.KernelCore _core = null!;
    private StreamTcp.ServerBinding _binding;
    private bool _closed, _unbound;

    private TcpServer(Func<CurioSocket, EndPoint, Task> handler, X509Certificate2? certificate)
    {
        _handler = handler;
        _certificate = certificate;
        _waiters = new WaitQueue(_gate);
    }

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
    /// an <see cref="IOException"/> naming the address.
    /// </summary>
    /// <remarks>
    /// As in Curio, "" (and "*", 0.0.0.0) listens on every IPv4 interface; "::" on every IPv6 interface, and IPv4
    /// ones too where the OS allows dual stack; any local address listens there only.
    /// </remarks>
    public static async Task<TcpServer> BindAsync(string host, int port, Func<CurioSocket, EndPoint, Task> handler,
        X509Certificate2? certificate = null, int backlog = 100)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (certificate is not null && !certificate.HasPrivateKey)
            throw new ArgumentException("The server certificate has no private key.", nameof(certificate));
        var me = CurioTask.Require(nameof(BindAsync));
        var address = await Network.ResolveAsync(host).ConfigureAwait(true);
        var server = new TcpServer(handler, certificate);
        var system = me.Core.System;
        server._core = me.Core;
        var bound = TcpBind.Source(system, new IPEndPoint(address, port), backlog)
            .ToMaterialized(Sink.ForEach<StreamTcp.IncomingConnection>(server.OnIncoming), Keep.Left)
            .Run(Connection.MaterializerOf(me.Core));
        try { server._binding = await Async.Await(bound).ConfigureAwait(true); }
        catch (Exception e) when (e is not CancelledError)
        {
            throw new IOException($"Cannot bind a TCP server to {address}:{port}: {Describe(e, address, port)}", e);
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
        SslServerAuthenticationOptions tlsOptions, int backlog = 100)
    {
        ArgumentNullException.ThrowIfNull(tlsOptions);
        if (tlsOptions.ServerCertificate is null && tlsOptions.ServerCertificateContext is null && tlsOptions.ServerCertificateSelectionCallback is null)
            throw new ArgumentException("The TLS options name no server certificate.", nameof(tlsOptions));
        var server = await BindAsync(host, port, handler, certificate: null, backlog).ConfigureAwait(true);
        server._tlsOptions = TlsDefaults.Server(tlsOptions);
        return server;
    }

    private static string Describe(Exception e, IPAddress address, int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (System.Net.Sockets.SocketException se) when (se.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            return "the address is already in use";
        }
        catch (System.Net.Sockets.SocketException se)
        {
            return se.Message;
        }
        for (var x = e; x is not null; x = x.InnerException)
            if (x is System.Net.Sockets.SocketException se) return se.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse
                ? "the address is already in use" : se.Message;
        return e.Message;
    }

    private void OnIncoming(StreamTcp.IncomingConnection incoming)
    {
        var conn = Connection.Materialize(incoming, _core);
        lock (_gate)
        {
            if (_closed)
            {
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
        try
        {
            var options = _tlsOptions ?? (_certificate is null ? null
                : new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = TlsDefaults.Protocols });
            if (options is not null)
            {
                var tls = new SslStream(new ConnectionStream(conn), leaveInnerStreamOpen: false);
                try { await Async.Await(ct => Network.Done(tls.AuthenticateAsServerAsync(options, ct))).ConfigureAwait(true); }
                catch (Exception e) when (e is not CancelledError)
                {
                    me.Core.Log.Warning("TLS handshake with {0} failed: {1}", conn.Remote, e.Message);
                    return;
                }
                socket = new CurioSocket(conn, tls);
            }
            await _handler(socket, conn.Remote).ConfigureAwait(true);
        }
        catch (CancelledError) when (me.Cancelled)
        {
            // the server is stopping: a handler cancelled by it ends quietly
        }
        catch (Exception e)
        {
            me.Core.Log.Error(e, "TCP handler for {0} failed", conn.Remote);
        }
        finally
        {
            await socket.CloseAsync().ConfigureAwait(true);
            lock (_gate) _handlers.Remove(me);
        }
    }

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
        foreach (var c in pending) c.Close();
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
        foreach (var c in pending) c.Close();
        _ = _binding.Unbind();
    }
}
