using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Curio.Actors.Tests;

/// <summary>A self-signed certificate for localhost, made in-process once per test run.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> s_localhost = new(() =>
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Re-loaded from PFX so that SslStream gets a usable private key on .NET 10.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    });

    internal static X509Certificate2 Localhost => s_localhost.Value;
}
