using System.Net.Security;
using System.Security.Authentication;

namespace Curio.Actors.Net;

/// <summary>
/// The caller's TLS options as a copy that refuses TLS 1.0 and 1.1 unless the caller chose protocols, and never
/// renegotiates: a TLS 1.2 renegotiation would run SslStream's handshake outside the connection's TLS gate.
/// </summary>
internal static class TlsDefaults
{
    internal const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    internal static SslServerAuthenticationOptions Server(SslServerAuthenticationOptions o) => new()
    {
        AllowRenegotiation = false,
        AllowTlsResume = o.AllowTlsResume,
        ApplicationProtocols = o.ApplicationProtocols,
        CertificateChainPolicy = o.CertificateChainPolicy,
        CertificateRevocationCheckMode = o.CertificateRevocationCheckMode,
        CipherSuitesPolicy = o.CipherSuitesPolicy,
        ClientCertificateRequired = o.ClientCertificateRequired,
        EnabledSslProtocols = o.EnabledSslProtocols == SslProtocols.None ? Protocols : o.EnabledSslProtocols,
        EncryptionPolicy = o.EncryptionPolicy,
        RemoteCertificateValidationCallback = o.RemoteCertificateValidationCallback,
        ServerCertificate = o.ServerCertificate,
        ServerCertificateContext = o.ServerCertificateContext,
        ServerCertificateSelectionCallback = o.ServerCertificateSelectionCallback,
    };

    internal static SslClientAuthenticationOptions Client(SslClientAuthenticationOptions o, string targetHost) => new()
    {
        AllowRenegotiation = false,
        AllowTlsResume = o.AllowTlsResume,
        ApplicationProtocols = o.ApplicationProtocols,
        CertificateChainPolicy = o.CertificateChainPolicy,
        CertificateRevocationCheckMode = o.CertificateRevocationCheckMode,
        CipherSuitesPolicy = o.CipherSuitesPolicy,
        ClientCertificateContext = o.ClientCertificateContext,
        ClientCertificates = o.ClientCertificates,
        EnabledSslProtocols = o.EnabledSslProtocols == SslProtocols.None ? Protocols : o.EnabledSslProtocols,
        EncryptionPolicy = o.EncryptionPolicy,
        LocalCertificateSelectionCallback = o.LocalCertificateSelectionCallback,
        RemoteCertificateValidationCallback = o.RemoteCertificateValidationCallback,
        TargetHost = string.IsNullOrEmpty(o.TargetHost) ? targetHost : o.TargetHost,
    };
}
