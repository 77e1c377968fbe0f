using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Curio.Actors.Net;

// Curio's ctx.wrap_socket: TLS over a socket already connected, as STARTTLS-style protocols need.
public static partial class Network
{
    /// <summary>
    /// Starts TLS on a connected plain socket (Curio's <c>wrap_socket</c>, for STARTTLS) and returns the TLS socket;
    /// the handshake is a cancellation point. Bytes the plain socket received but nobody read yet are the first TLS
    /// bytes, so read exactly up to the STARTTLS reply first. The plain socket must not be used afterwards; closing
    /// either closes the connection. A failed handshake closes it.
    /// </summary>
    /// <param name="socket">A connected socket without TLS.</param>
    /// <param name="serverSide">Run the server's side of the handshake (with <paramref name="certificate"/> or
    /// <paramref name="serverOptions"/>).</param>
    /// <param name="serverHostname">The client side's expected server name.</param>
    /// <param name="certificate">The server side's certificate, with its private key.</param>
    /// <param name="serverOptions">The server side's full options.</param>
    /// <param name="clientOptions">The client side's full options (its target host defaults to <paramref name="serverHostname"/>).</param>
    public static async Task<CurioSocket> WrapSocket(CurioSocket socket, bool serverSide = false, string? serverHostname = null,
        X509Certificate2? certificate = null, SslServerAuthenticationOptions? serverOptions = null, SslClientAuthenticationOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.IsTls) throw new InvalidOperationException("The socket already runs TLS.");
        if (socket.IsClosed) throw new ObjectDisposedException(nameof(CurioSocket), "The socket is closed.");
        CurioTask.Require(nameof(WrapSocket));
        var conn = socket.Connection;
        var tls = new SslStream(new ConnectionStream(conn), leaveInnerStreamOpen: false);
        try
        {
            if (serverSide)
            {
                var options = serverOptions is not null ? TlsDefaults.Server(serverOptions)
                    : new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate ?? throw new ArgumentException("The server side needs a certificate or server options.", nameof(certificate)),
                        EnabledSslProtocols = TlsDefaults.Protocols,
                    };
                await Async.Await(ct => Done(tls.AuthenticateAsServerAsync(options, ct))).ConfigureAwait(true);
            }
            else
            {
                var host = serverHostname ?? clientOptions?.TargetHost;
                if (string.IsNullOrEmpty(host)) throw new ArgumentException("The client side needs serverHostname.", nameof(serverHostname));
                var options = TlsDefaults.Client(clientOptions ?? new SslClientAuthenticationOptions(), host);
                await Async.Await(ct => Done(tls.AuthenticateAsClientAsync(options, ct))).ConfigureAwait(true);
            }
        }
        catch (ArgumentException)
        {
            throw;
        }
        catch
        {
            conn.Close();
            throw;
        }
        return new CurioSocket(conn, tls);
    }
}
