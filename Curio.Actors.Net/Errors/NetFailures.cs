using System.Net;
using System.Net.Sockets;

namespace Curio.Actors.Net;

/// <summary>
/// Turns a failed connect, resolve or bind into the <see cref="NetworkError"/> a program can catch. Akka.Streams'
/// outgoing connection reports every connect failure as "Connection failed" without its socket error, so a failed
/// connect is tried once more with a plain socket, bounded, to learn why.
/// </summary>
internal static class NetFailures
{
    private static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(5);

    internal static NetworkError For(SocketError error, string host, int port, Exception? inner, TimeSpan? timeout = null, bool bind = false) => error switch
    {
        SocketError.ConnectionRefused => new ConnectionRefusedError($"connection refused: {host}:{port}", host, port, error, inner),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown =>
            new HostUnreachableError($"host unreachable: {host}:{port}", host, port, error, inner),
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery =>
            new HostNotFoundError($"host not found: {host} (port {port})", host, port, error, inner),
        SocketError.TimedOut => new ConnectTimeoutError(
            timeout is { } t ? $"connect timed out after {t.TotalSeconds:0.###} s: {host}:{port}" : $"connect timed out: {host}:{port}", host, port, error, inner),
        SocketError.AddressAlreadyInUse => new AddressInUseError($"address already in use: {Shown(host)}:{port}", host, port, error, inner),
        _ => new NetworkError($"cannot {(bind ? "bind" : "connect to")} {Shown(host)}:{port}: {error}", host, port, error, inner),
    };

    // Curio's '' (every interface) reads better as the address it binds.
    private static string Shown(string host) => host is "" or "*" ? "0.0.0.0" : host;

    /// <summary>Why a connect to <paramref name="target"/> fails now: a plain socket's error (Success if it connected).</summary>
    internal static async Task<SocketError> ProbeConnectAsync(IPEndPoint target, EndPoint? local, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ProbeLimit);
        using var probe = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (local is not null) probe.Bind(local);
            await probe.ConnectAsync(target, bounded.Token).ConfigureAwait(false);
            return SocketError.Success;
        }
        catch (SocketException e) { return e.SocketErrorCode; }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return SocketError.TimedOut; }
    }

    /// <summary>Whether <paramref name="address"/>:<paramref name="port"/> can be bound now (what Akka's listener would meet).</summary>
    internal static SocketError ProbeBind(IPAddress address, int port)
    {
        if (port == 0) return SocketError.Success;
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // As a listener binds: a port in TIME_WAIT is free, one with a listener is not.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(new IPEndPoint(address, port));
            return SocketError.Success;
        }
        catch (SocketException e) { return e.SocketErrorCode; }
    }
}
