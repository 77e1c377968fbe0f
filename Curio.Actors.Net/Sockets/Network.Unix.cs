using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Curio.Actors.Net;

// Curio's open_unix_connection and unix_server: the same sockets and servers over Unix domain sockets.
public static partial class Network
{
    /// <summary>
    /// Connects to the Unix domain socket at <paramref name="path"/> (Curio's <c>open_unix_connection</c>), optionally
    /// with TLS, and returns the same <see cref="CurioSocket"/> as a TCP connection. The connect and the handshake are
    /// cancellation points; on a failure after connecting the socket is closed.
    /// </summary>
    /// <param name="path">The socket file.</param>
    /// <param name="ssl">Use TLS.</param>
    /// <param name="serverHostname">The name the server certificate must carry. Without it the certificate's chain is
    /// checked but not its name (a path has no host name); without <paramref name="ssl"/> it is an error, as in Curio.</param>
    /// <param name="skipCertificateValidation">Accept any server certificate (tests only).</param>
    /// <param name="clientCertificates">Certificates to present to the server, if it asks.</param>
    /// <param name="tlsOptions">.NET's client options (Curio's <c>ssl=context</c>; implies <paramref name="ssl"/>).</param>
    /// <exception cref="ConnectionRefusedError">The file is a socket nobody listens on.</exception>
    /// <exception cref="NetworkError">No socket file at the path ("no such Unix socket"), or a path longer than 107 bytes.</exception>
    public static async Task<CurioSocket> OpenUnixConnection(string path, bool ssl = false, string? serverHostname = null,
        bool skipCertificateValidation = false, X509CertificateCollection? clientCertificates = null, SslClientAuthenticationOptions? tlsOptions = null)
    {
        ssl |= tlsOptions is not null;
        var endpoint = UnixListener.EndPoint(path);
        if (serverHostname is not null && !ssl) throw new ArgumentException("serverHostname is only meaningful with ssl: true.", nameof(serverHostname));
        var me = CurioTask.Require(nameof(OpenUnixConnection));
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try { await Async.Await(ct => Done(socket.ConnectAsync(endpoint, ct).AsTask())).ConfigureAwait(true); }
        catch (SocketException e)
        {
            socket.Dispose();
            throw UnixListener.Failure(e.SocketErrorCode, path, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var conn = Connection.FromSocket(socket, me.Core);
        if (!ssl) return new CurioSocket(conn);
        return await ClientTlsAsync(conn, path, serverHostname ?? "", skipCertificateValidation, clientCertificates, tlsOptions).ConfigureAwait(true);
    }

    /// <summary>
    /// Runs a server on the Unix domain socket <paramref name="path"/> until cancelled (Curio's <c>unix_server</c>):
    /// every client runs <paramref name="handler"/>(socket, address) as its own task; see <see cref="Net.UnixServer"/>.
    /// </summary>
    public static async Task UnixServer(string path, Func<CurioSocket, EndPoint, Task> handler, X509Certificate2? certificate = null,
        TcpServerOptions? options = null)
    {
        var server = await Net.UnixServer.BindAsync(path, handler, certificate, options: options).ConfigureAwait(true);
        await server.ServeAsync().ConfigureAwait(true);
    }

    /// <summary>Runs a TLS server on a Unix domain socket with .NET's server options until cancelled.</summary>
    public static async Task UnixServer(string path, Func<CurioSocket, EndPoint, Task> handler, SslServerAuthenticationOptions tlsOptions)
    {
        var server = await Net.UnixServer.BindAsync(path, handler, tlsOptions).ConfigureAwait(true);
        await server.ServeAsync().ConfigureAwait(true);
    }
}
