using System.Net;
using Akka.Streams.Dsl;
using Curio.Actors.Engine;
using StreamTcp = Akka.Streams.Dsl.Tcp;

namespace Curio.Actors.Net;

/// <summary>
/// A bound, listening TCP or Unix domain socket (Curio's <c>socket()</c>, <c>bind</c>, <c>listen</c>): tasks take
/// clients with <see cref="AcceptAsync"/>. Made by <see cref="CurioSocket.Listen"/> and <see cref="CurioSocket.ListenUnix"/>.
/// Closing it stops accepting; clients already accepted go on.
/// </summary>
public sealed class ListeningSocket : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Queue<Connection> _accepted = new();
    private readonly List<Task> _connections = new();
    private readonly WaitQueue _waiters;
    private readonly KernelCore _core;
    private StreamTcp.ServerBinding _binding;
    private UnixListener? _unix;
    private bool _closed;

    private ListeningSocket(KernelCore core)
    {
        _core = core;
        _waiters = new WaitQueue(_gate);
    }

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public EndPoint LocalEndPoint { get; private set; } = new IPEndPoint(IPAddress.Any, 0);

    /// <summary>The bound port (0 for a Unix domain socket).</summary>
    public int Port => LocalEndPoint is IPEndPoint ip ? ip.Port : 0;

    /// <summary>True once <see cref="CloseAsync"/> was called.</summary>
    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    internal static async Task<ListeningSocket> BindAsync(string host, int port, int backlog)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        var me = CurioTask.Require("CurioSocket.Listen");
        var address = await Network.ResolveAsync(host, port).ConfigureAwait(true);
        var listener = new ListeningSocket(me.Core);
        var bound = TcpBind.Source(me.Core.System, new IPEndPoint(address, port), backlog)
            .ToMaterialized(Sink.ForEach<StreamTcp.IncomingConnection>(listener.OnIncoming), Keep.Left)
            .Run(Connection.MaterializerOf(me.Core));
        try { listener._binding = await Async.Await(bound).ConfigureAwait(true); }
        catch (Exception e) when (e is not CancelledError)
        {
            throw new IOException($"Cannot listen on {address}:{port}: {e.Message}", e);
        }
        listener.LocalEndPoint = listener._binding.LocalAddress;
        return listener;
    }

    /// <summary>Listens on the Unix domain socket file <paramref name="path"/>, which must not exist.</summary>
    internal static ListeningSocket BindUnix(string path, int backlog)
    {
        var me = CurioTask.Require("CurioSocket.ListenUnix");
        var listener = new ListeningSocket(me.Core) { _unix = UnixListener.Bind(path, backlog) };
        listener.LocalEndPoint = new System.Net.Sockets.UnixDomainSocketEndPoint(path);
        _ = listener._unix.AcceptLoopAsync(static () => true, static () => { }, s => listener.OnIncoming(Connection.FromSocket(s, listener._core)));
        return listener;
    }

    private void OnIncoming(StreamTcp.IncomingConnection incoming) => OnIncoming(Connection.Materialize(incoming, _core));

    private void OnIncoming(Connection conn)
    {
        lock (_gate)
        {
            _connections.RemoveAll(c => c.IsCompleted);
            _connections.Add(conn.Ended);
            if (!_closed)
            {
                _accepted.Enqueue(conn);
                while (_waiters.Dequeue() is WaitNode<bool> n) if (n.TryWake(true)) break;
                return;
            }
        }
        conn.Close();
    }

    /// <summary>
    /// Waits for the next client (Curio's <c>accept</c>) and returns its socket and address. A blocking operation:
    /// a cancellation point that honours timeouts; a cancelled accept takes no client. On a closed listener it throws
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public async ValueTask<(CurioSocket Socket, EndPoint Address)> AcceptAsync()
    {
        var me = CurioTask.Require("ListeningSocket.AcceptAsync");
        while (true)
        {
            WaitNode<bool> node;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                if (_accepted.TryDequeue(out var conn)) return (new CurioSocket(conn), conn.Remote);
                me.ThrowIfCancelPending();
                node = new WaitNode<bool>(me);
                _waiters.Enqueue(node);
            }
            await me.Park(node, "SOCKET_ACCEPT").ConfigureAwait(true);
        }
    }

    /// <summary>
    /// Stops listening (Curio's <c>close</c>); clients not yet accepted are closed, accepted ones go on. A task waiting
    /// in <see cref="AcceptAsync"/> gets <see cref="ObjectDisposedException"/>. Idempotent.
    /// </summary>
    /// <remarks>
    /// Akka.IO's accepted connections are children of its listener actor, so unbinding would cut them: a TCP port is
    /// released once every accepted connection has ended (a Unix socket is closed, and its file removed, at once). Until then a client that connects is closed at once (it sees
    /// end of file) instead of being refused.
    /// </remarks>
    public ValueTask CloseAsync()
    {
        Connection[] pending;
        lock (_gate)
        {
            if (_closed) return default;
            _closed = true;
            pending = _accepted.ToArray();
            _accepted.Clear();
            while (_waiters.Dequeue() is WaitNode<bool> n) n.TryWake(true);
        }
        foreach (var c in pending) c.Close();
        // A Unix listener is a socket of its own: closing it (and removing its file) leaves accepted clients alone.
        if (_unix is not null) _unix.Close();
        else _ = UnbindWhenEndedAsync();
        return default;
    }

    private async Task UnbindWhenEndedAsync()
    {
        while (true)
        {
            Task[] open;
            lock (_gate)
            {
                _connections.RemoveAll(c => c.IsCompleted);
                open = _connections.ToArray();
            }
            if (open.Length == 0) break;
            await Task.WhenAll(open).ConfigureAwait(false);
        }
        await _binding.Unbind().ConfigureAwait(false);
    }

    /// <summary>Closes the listener (Curio's <c>async with sock</c>).</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc />
    public override string ToString() => $"ListeningSocket({LocalEndPoint})";
}
