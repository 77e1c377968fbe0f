using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Curio.Actors.Net;

/// <summary>
/// A server on a Unix domain socket (Curio's <c>unix_server</c>): the same handlers, TLS, limits and logging as
/// <see cref="TcpServer"/>, on a socket file. Bind with <c>BindAsync</c>, then run <see cref="ServeAsync"/> in a task.
/// A path that exists raises <see cref="AddressInUseError"/>; one longer than 107 bytes raises
/// <see cref="NetworkError"/> ("AF_UNIX path too long"). The socket file is removed when the server closes.
/// </summary>
/// <remarks>
/// Akka.IO cannot open AF_UNIX sockets, so the listener is a plain .NET socket and each connection an Akka.Streams
/// flow of Curio.Actors' own over its .NET socket (see docs/design/net.md); handlers see the same <see cref="CurioSocket"/>.
/// The address a handler gets is the client's, which is unnamed for a client that did not bind a path.
/// </remarks>
public sealed class UnixServer
{
    private readonly ServerCore _core;
    private readonly UnixListener _listener;

    private UnixServer(ServerCore core, UnixListener listener)
    {
        _core = core;
        _listener = listener;
    }

    /// <summary>The socket file's path.</summary>
    public string Path => _listener.Path;

    /// <summary>The server's limits (the TCP server's options; <see cref="TcpServerOptions.Backlog"/> is the listen backlog).</summary>
    public TcpServerOptions Options => _core.Options;

    /// <summary>Handlers running now.</summary>
    public int ActiveHandlers => _core.ActiveHandlers;

    /// <summary>
    /// Binds and listens on the socket file <paramref name="path"/> (Curio's <c>unix_server</c>; call from a task).
    /// </summary>
    /// <param name="path">The socket file to create; it must not exist.</param>
    /// <param name="handler">Runs for each client, as its own task.</param>
    /// <param name="certificate">With one, every connection is TLS.</param>
    /// <param name="backlog">The listen backlog, when <paramref name="options"/> does not give one.</param>
    /// <param name="options">Limits against slow and hostile peers; null: <see cref="TcpServerOptions"/>' defaults.</param>
    public static Task<UnixServer> BindAsync(string path, Func<CurioSocket, EndPoint, Task> handler, X509Certificate2? certificate = null,
        int backlog = 100, TcpServerOptions? options = null)
    {
        options ??= new TcpServerOptions { Backlog = backlog };
        options.Validate();
        ArgumentNullException.ThrowIfNull(handler);
        TcpServer.CheckCertificate(certificate);
        var me = CurioTask.Require(nameof(BindAsync));
        var listener = UnixListener.Bind(path, options.Backlog);
        var core = new ServerCore("Unix", handler, certificate, options, me.Core, releaseWhenEnded: false);
        core.OnRelease(() =>
        {
            listener.Close();
            return Task.CompletedTask;
        });
        core.AttachGate(listener.Wake);
        _ = listener.AcceptLoopAsync(core.TryTakeSlot, core.GiveBackSlot, s => core.OnIncoming(Connection.FromSocket(s, core.Core)));
        return Task.FromResult(new UnixServer(core, listener));
    }

    /// <summary>Binds a TLS server with .NET's own server options (Curio's <c>unix_server(..., ssl=context)</c>).</summary>
    public static async Task<UnixServer> BindAsync(string path, Func<CurioSocket, EndPoint, Task> handler, SslServerAuthenticationOptions tlsOptions,
        int backlog = 100, TcpServerOptions? options = null)
    {
        var tls = TcpServer.CheckTlsOptions(tlsOptions);
        var server = await BindAsync(path, handler, certificate: null, backlog, options).ConfigureAwait(true);
        server._core.TlsOptions = tls;
        return server;
    }

    /// <summary>
    /// Accepts clients until cancelled or closed, each handler its own child task. After <see cref="Close"/> it waits
    /// for the running handlers to end by themselves; cancelled, it cancels them and waits. On the way out the socket
    /// file is removed.
    /// </summary>
    public Task ServeAsync() => _core.ServeAsync();

    /// <summary>
    /// Stops accepting: the listening socket is closed and its file removed, so new clients are refused; running
    /// handlers go on with their connections. Idempotent.
    /// </summary>
    public void Close() => _core.Close();

    internal ServerCore Core => _core;

    /// <inheritdoc />
    public override string ToString() => $"UnixServer({Path})";
}
