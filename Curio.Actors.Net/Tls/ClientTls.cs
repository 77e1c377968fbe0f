using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Curio.Actors.Net;

// The client side of a TLS handshake over a connection, for TCP and Unix domain sockets alike.
public static partial class Network
{
    /// <summary>
    /// Runs the client handshake on <paramref name="conn"/> (a cancellation point) and returns the TLS socket; on any
    /// failure the connection is closed. <paramref name="peer"/> names the server in messages. An empty
    /// <paramref name="targetHost"/> (a Unix socket without serverHostname) checks the certificate's chain but not its
    /// name, since there is no host name to compare it with.
    /// </summary>
    internal static async Task<CurioSocket> ClientTlsAsync(Connection conn, string peer, string targetHost, bool skipCertificateValidation,
        X509CertificateCollection? clientCertificates, SslClientAuthenticationOptions? tlsOptions)
    {
        var tls = new SslStream(new ConnectionStream(conn), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificates = clientCertificates,
            // A TLS 1.2 renegotiation would run SslStream's handshake from its read path, outside the connection's TLS gate.
            AllowRenegotiation = false,
            EnabledSslProtocols = TlsDefaults.Protocols,
        };
        if (tlsOptions is not null) options = TlsDefaults.Client(tlsOptions, options.TargetHost);
        if (skipCertificateValidation) options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (string.IsNullOrEmpty(options.TargetHost) && options.RemoteCertificateValidationCallback is null)
            options.RemoteCertificateValidationCallback = static (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        try
        {
            await Async.Await(ct => Done(tls.AuthenticateAsClientAsync(options, ct))).ConfigureAwait(true);
        }
        catch (AuthenticationException e)
        {
            conn.Close();
            throw new AuthenticationException($"TLS handshake with {peer} (expecting a certificate for '{options.TargetHost}') failed: {TlsFailures.Describe(e)}", e);
        }
        catch (Exception e) when (e is not CancelledError)
        {
            conn.Close();
            throw new IOException($"TLS handshake with {peer} failed: {TlsFailures.Describe(e)}", e);
        }
        catch
        {
            conn.Close();
            throw;
        }
        return new CurioSocket(conn, tls);
    }
}
