using System.Net.Sockets;
using System.Text;

namespace Curio.Actors.Net;

/// <summary>
/// A listening Unix domain socket (Akka.IO listens on IP endpoints only): a plain .NET socket whose accept loop runs
/// on the thread pool and hands each client to its owner as a <see cref="Connection"/> over a <see cref="SocketStage"/>.
/// It accepts only while its owner has a free slot, so a full server leaves clients in the listen backlog. Closing it
/// closes the listening socket and removes the socket file; accepted connections are sockets of their own and go on.
/// </summary>
internal sealed class UnixListener
{
    /// <summary>Linux's <c>sun_path</c> holds 108 bytes, the last one the terminating NUL.</summary>
    internal const int MaxPathBytes = 107;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _room = new(0);
    private int _closed;

    private UnixListener(Socket socket, string path)
    {
        _socket = socket;
        Path = path;
    }

    internal string Path { get; }

    /// <summary>The endpoint of <paramref name="path"/>, or the error Python gives for a path too long (as OSError).</summary>
    internal static UnixDomainSocketEndPoint EndPoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
            throw new NetworkError($"AF_UNIX path too long: {bytes} bytes, and Linux allows at most {MaxPathBytes} (sun_path is 108 bytes with the final NUL): {path}",
                path, 0, SocketError.InvalidArgument);
        return new UnixDomainSocketEndPoint(path);
    }

    /// <summary>The <see cref="NetworkError"/> for a failed bind or connect on <paramref name="path"/>.</summary>
    internal static NetworkError Failure(SocketError error, string path, Exception? inner, bool bind = false) => error switch
    {
        SocketError.ConnectionRefused => new ConnectionRefusedError($"connection refused: {path} (nothing listens on it)", path, 0, error, inner),
        SocketError.AddressAlreadyInUse => new AddressInUseError($"address already in use: {path}", path, 0, error, inner),
        SocketError.AddressNotAvailable => new NetworkError($"no such Unix socket: {path} (file not found)", path, 0, error, inner),
        _ => new NetworkError($"cannot {(bind ? "bind" : "connect to")} {path}: {error}", path, 0, error, inner),
    };

    /// <summary>Binds and listens on <paramref name="path"/>; a path that exists (a file, or a socket left behind) is Curio's "address in use".</summary>
    internal static UnixListener Bind(string path, int backlog)
    {
        var endpoint = EndPoint(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        if (File.Exists(path) || Directory.Exists(path))
            throw new AddressInUseError($"address already in use: {path} exists (remove it first if it is a stale socket)", path, 0);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(backlog);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Failure(e.SocketErrorCode, path, e, bind: true);
        }
        return new UnixListener(socket, path);
    }

    /// <summary>Lets a paused accept loop look for a free slot again.</summary>
    internal void Wake() => _room.Release();

    /// <summary>
    /// Accepts until closed: one client per slot that <paramref name="tryTakeSlot"/> grants, each handed to
    /// <paramref name="accepted"/>; a slot taken for an accept the close cut short goes back through <paramref name="giveBack"/>.
    /// </summary>
    internal async Task AcceptLoopAsync(Func<bool> tryTakeSlot, Action giveBack, Action<Socket> accepted)
    {
        while (Volatile.Read(ref _closed) == 0)
        {
            if (!tryTakeSlot())
            {
                await _room.WaitAsync().ConfigureAwait(false);
                continue;
            }
            Socket client;
            try { client = await _socket.AcceptAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                giveBack();
                if (Volatile.Read(ref _closed) != 0) return;
                // A client that went away during the accept: the next one. A lasting error (out of descriptors) must
                // not spin a core: wait a little before trying again.
                if (e is SocketException { SocketErrorCode: not (SocketError.ConnectionAborted or SocketError.ConnectionReset) })
                    await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            try { accepted(client); }
            catch (Exception)
            {
                // The server could not take it (shutting down): the client is refused, its slot given back, and the
                // loop goes on rather than ending unseen.
                client.Dispose();
                giveBack();
            }
        }
    }

    /// <summary>Closes the listening socket and removes the socket file. Idempotent.</summary>
    internal void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _socket.Dispose();
        _room.Release();
        try { File.Delete(Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // gone already, or not ours to remove
    }
}
