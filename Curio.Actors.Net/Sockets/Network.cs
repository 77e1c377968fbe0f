using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Curio.Actors.Net;

/// <summary>
/// Curio's network helpers (<c>curio.network</c>): outgoing connections and servers. Call them from inside a task.
/// </summary>
public static partial class Network
{
    /// <summary>
    /// Opens a TCP connection (Curio's <c>open_connection</c>), optionally with TLS, and returns the connected socket.
    /// The connect and the TLS handshake are blocking operations, so <c>Async.TimeoutAfter</c> bounds them; on any
    /// failure after connecting the socket is closed.
    /// </summary>
    /// <param name="host">A host name or IP address.</param>
    /// <param name="port">The port.</param>
    /// <param name="ssl">Use TLS.</param>
    /// <param name="serverHostname">The name the server certificate must carry; defaults to <paramref name="host"/>.
    /// Without <paramref name="ssl"/> it is an error, as in Curio.</param>
    /// <param name="sourceAddress">The local address to connect from.</param>
    /// <param name="skipCertificateValidation">Accept any server certificate (tests only). Unlike Curio's
    /// <c>ssl=True</c> without a host name, the certificate is checked unless this is set.</param>
    /// <param name="clientCertificates">Certificates to present to the server, if it asks.</param>
    /// <param name="tlsOptions">.NET's client options (Curio's <c>ssl=context</c>; implies <paramref name="ssl"/>): ALPN,
    /// client certificates, a validation callback, protocol versions (TLS 1.2 and 1.3 unless set), cipher policy.
    /// Its target host defaults to <paramref name="serverHostname"/>, then <paramref name="host"/>.</param>
    /// <param name="connectTimeout">How long the TCP connect may take (real time); null leaves it to the system.</param>
    /// <exception cref="ConnectionRefusedError">Nothing listens on the port.</exception>
    /// <exception cref="HostUnreachableError">The host or its network cannot be reached.</exception>
    /// <exception cref="HostNotFoundError">The host name does not resolve.</exception>
    /// <exception cref="ConnectTimeoutError">The connect took longer than <paramref name="connectTimeout"/> (or the system's limit).</exception>
    /// <exception cref="AuthenticationException">The TLS handshake failed; the message says why (the certificate's problem, an alert).</exception>
    public static async Task<CurioSocket> OpenConnection(string host, int port, bool ssl = false, string? serverHostname = null,
        EndPoint? sourceAddress = null, bool skipCertificateValidation = false, X509CertificateCollection? clientCertificates = null,
        TimeSpan? connectTimeout = null, SslClientAuthenticationOptions? tlsOptions = null)
    {
        ssl |= tlsOptions is not null;
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (serverHostname is not null && !ssl) throw new ArgumentException("serverHostname is only meaningful with ssl: true.", nameof(serverHostname));
        var me = CurioTask.Require(nameof(OpenConnection));
        if (connectTimeout is { } limit) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero, nameof(connectTimeout));
        var address = await ResolveAsync(host, port).ConfigureAwait(true);
        var target = new IPEndPoint(address, port);
        var (conn, connected) = Connection.Connect(me.Core, target, sourceAddress, connectTimeout);
        try
        {
            var established = await Async.Await(connectTimeout is { } t ? connected.WaitAsync(t) : connected).ConfigureAwait(true);
            conn.Local = established.LocalAddress;
            conn.Remote = established.RemoteAddress;
        }
        catch (TimeoutException e)
        {
            conn.Close();
            throw NetFailures.For(SocketError.TimedOut, host, port, e, connectTimeout);
        }
        catch (Exception e) when (e is not CancelledError)
        {
            conn.Close();
            var why = await Async.Await(ct => NetFailures.ProbeConnectAsync(target, sourceAddress, ct)).ConfigureAwait(true);
            throw NetFailures.For(why == SocketError.Success ? SocketError.SocketError : why, host, port, e, connectTimeout);
        }
        catch
        {
            conn.Close();
            throw;
        }
        if (!ssl) return new CurioSocket(conn);
        return await ClientTlsAsync(conn, $"{host}:{port}", serverHostname ?? host, skipCertificateValidation, clientCertificates, tlsOptions).ConfigureAwait(true);
    }

    /// <summary>
    /// Runs a TCP server until cancelled (Curio's <c>tcp_server</c>): every accepted client runs
    /// <paramref name="handler"/>(socket, address) as its own task; see <see cref="Net.TcpServer"/>.
    /// </summary>
    public static async Task TcpServer(string host, int port, Func<CurioSocket, EndPoint, Task> handler, X509Certificate2? certificate = null,
        TcpServerOptions? options = null)
    {
        var server = await Net.TcpServer.BindAsync(host, port, handler, certificate, options: options).ConfigureAwait(true);
        await server.ServeAsync().ConfigureAwait(true);
    }

    /// <summary>Runs a TLS server with .NET's server options until cancelled (Curio's <c>tcp_server(..., ssl=context)</c>).</summary>
    public static async Task TcpServer(string host, int port, Func<CurioSocket, EndPoint, Task> handler, SslServerAuthenticationOptions tlsOptions)
    {
        var server = await Net.TcpServer.BindAsync(host, port, handler, tlsOptions).ConfigureAwait(true);
        await server.ServeAsync().ConfigureAwait(true);
    }

    /// <summary>
    /// Runs a UDP server until cancelled: every datagram received runs <paramref name="handler"/>(data, sender, socket)
    /// in order on this task; see <see cref="Net.UdpServer"/>.
    /// </summary>
    public static async Task UdpServer(string host, int port, Func<byte[], EndPoint, UdpSocket, Task> handler)
    {
        var server = await Net.UdpServer.BindAsync(host, port, handler).ConfigureAwait(true);
        await server.ServeAsync().ConfigureAwait(true);
    }

    internal static async Task<bool> Done(Task t)
    {
        await t.ConfigureAwait(false);
        return true;
    }

    /// <summary>The address to use for <paramref name="host"/>; a name that does not resolve raises <see cref="HostNotFoundError"/>.</summary>
    internal static async ValueTask<IPAddress> ResolveAsync(string host, int port)
    {
        if (host.Length == 0 || host == "*") return IPAddress.Any;
        if (host == "localhost") return IPAddress.Loopback;
        if (IPAddress.TryParse(host, out var ip)) return ip;
        IPAddress[] all;
        try { all = await Async.Await(ct => Dns.GetHostAddressesAsync(host, ct)).ConfigureAwait(true); }
        catch (SocketException e) { throw NetFailures.For(e.SocketErrorCode, host, port, e); }
        return all.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? all.FirstOrDefault() ?? throw NetFailures.For(SocketError.NoData, host, port, null);
    }
}
