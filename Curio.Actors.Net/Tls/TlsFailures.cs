namespace Curio.Actors.Net;

/// <summary>
/// The cause of a failed TLS handshake in one line. SslStream's own message is often "Authentication failed, see inner
/// exception.": the alert, protocol or certificate reason sits in the inner exceptions.
/// </summary>
internal static class TlsFailures
{
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var m = x.Message.Trim();
            if (m.Length == 0 || m.Contains("see inner exception", StringComparison.OrdinalIgnoreCase) || parts.Contains(m)) continue;
            parts.Add(m);
        }
        return parts.Count == 0 ? e.GetType().Name : string.Join(": ", parts);
    }
}
