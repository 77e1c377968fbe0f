using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Streams.Dsl;
using StreamTcp = Akka.Streams.Dsl.Tcp;

namespace Curio.Actors.Net;

/// <summary>
/// A TCP server on Akka.Streams (Curio's <c>tcp_server</c>, split in two so that a port 0 can be learnt): bind with
/// <c>BindAsync</c>, then run <see cref="ServeAsync"/> in a task. Each accepted connection runs the handler as
/// its own child task; the socket is closed when the handler ends, and a handler that fails is logged and does not
/// stop the server. <see cref="Close"/> stops accepting while the handlers already running go on; cancelling the
/// serving task stops accepting, cancels every handler and waits for them.
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
    private readonly ServerCore _core;
    private StreamTcp.ServerBinding _binding;

    private TcpServer(ServerCore core) => _core = core;

    /// <summary>The server's limits.</summary>
    public TcpServerOptions Options => _core.Options;

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public EndPoint LocalEndPoint { get; private set; } = new IPEndPoint(IPAddress.Any, 0);

    /// <summary>The bound port.</summary>
    public int Port => ((IPEndPoint)LocalEndPoint).Port;

    /// <summary>Handlers running now.</summary>
    public int ActiveHandlers => _core.ActiveHandlers;

    internal ServerCore Core => _core;

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
        CheckCertificate(certificate);
        var me = CurioTask.Require(nameof(BindAsync));
        var address = await Network.ResolveAsync(host, port).ConfigureAwait(true);
        // Checked first: a bind Akka's listener fails logs an ERROR with a trace before the failure comes back here.
        if (NetFailures.ProbeBind(address, port) is var busy and not SocketError.Success)
            throw NetFailures.For(busy, host, port, null, bind: true);
        var server = new TcpServer(new ServerCore("TCP", handler, certificate, options, me.Core, releaseWhenEnded: true));
        var bound = TcpBind.Source(me.Core.System, new IPEndPoint(address, port), options.Backlog)
            .ToMaterialized(Sink.FromGraph(new AcceptGate(server._core)), Keep.Left)
            .Run(Connection.MaterializerOf(me.Core));
        try { server._binding = await Async.Await(bound).ConfigureAwait(true); }
        catch (Exception e) when (e is not CancelledError)
        {
            var why = NetFailures.ProbeBind(address, port);
            throw NetFailures.For(why == SocketError.Success ? SocketError.SocketError : why, host, port, e, bind: true);
        }
        server._core.OnRelease(server._binding.Unbind);
        server.LocalEndPoint = server._binding.LocalAddress;
        return server;
    }

    internal static void CheckCertificate(X509Certificate2? certificate)
    {
        if (certificate is not null && !certificate.HasPrivateKey)
            throw new ArgumentException("The server certificate has no private key.", nameof(certificate));
    }

    internal static SslServerAuthenticationOptions CheckTlsOptions(SslServerAuthenticationOptions tlsOptions)
    {
        ArgumentNullException.ThrowIfNull(tlsOptions);
        if (tlsOptions.ServerCertificate is null && tlsOptions.ServerCertificateContext is null && tlsOptions.ServerCertificateSelectionCallback is null)
            throw new ArgumentException("The TLS options name no server certificate.", nameof(tlsOptions));
        return TlsDefaults.Server(tlsOptions);
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
        var tls = CheckTlsOptions(tlsOptions);
        var server = await BindAsync(host, port, handler, certificate: null, backlog, options).ConfigureAwait(true);
        server._core.TlsOptions = tls;
        return server;
    }

    /// <summary>
    /// Accepts connections until cancelled or closed, running each handler as a child task. After <see cref="Close"/>
    /// it waits for the running handlers to end by themselves; cancelled, it cancels the running handlers and waits for
    /// them. On the way out it unbinds.
    /// </summary>
    public Task ServeAsync() => _core.ServeAsync();

    /// <summary>Accepted connections not yet ended (handlers' and closed ones whose peer has not ended its side).</summary>
    internal int OpenConnections => _core.OpenConnections;

    /// <summary>
    /// Stops accepting (Curio's close of the server socket); running handlers go on, and their connections with them.
    /// Idempotent.
    /// </summary>
    /// <remarks>
    /// Akka.IO's accepted connections are children of its listener actor, so the port is unbound once every accepted
    /// connection has ended; until then a client that connects is accepted by the OS and reset at once (it sees a
    /// reset, not a refusal). After that, connects are refused.
    /// </remarks>
    public void Close() => _core.Close();
}
