using System.Net;
using Akka.Event;

namespace Curio.Actors.Net;

/// <summary>
/// A UDP server (Curio has none; this mirrors <see cref="TcpServer"/>): bind with <see cref="BindAsync"/>, then run
/// <see cref="ServeAsync"/> in a task. Each datagram runs <c>handler(data, sender, socket)</c> in arrival order on
/// the serving task (datagrams have no connection to give a task of its own); reply with
/// <see cref="UdpSocket.SendToAsync"/>. A handler that fails is logged and the server goes on; cancelling the
/// serving task stops it and closes the socket. There is no connection to limit: datagrams wait in the socket's
/// buffer while the handler runs, and the system drops them when it is full.
/// </summary>
public sealed class UdpServer
{
    private readonly Func<byte[], EndPoint, UdpSocket, Task> _handler;
    private readonly Engine.LogLimiter _logLimiter = new(TimeSpan.FromSeconds(10), 10);

    private UdpServer(UdpSocket socket, Func<byte[], EndPoint, UdpSocket, Task> handler)
    {
        Socket = socket;
        _handler = handler;
    }

    /// <summary>The server's socket.</summary>
    public UdpSocket Socket { get; }

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public EndPoint LocalEndPoint => Socket.LocalEndPoint!;

    /// <summary>The bound port.</summary>
    public int Port => ((IPEndPoint)LocalEndPoint).Port;

    /// <summary>Binds a UDP socket to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static async Task<UdpServer> BindAsync(string host, int port, Func<byte[], EndPoint, UdpSocket, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var socket = new UdpSocket();
        await socket.BindAsync(host, port).ConfigureAwait(true);
        return new UdpServer(socket, handler);
    }

    /// <summary>Receives datagrams and runs the handler on each until cancelled; closes the socket on the way out.</summary>
    public async Task ServeAsync()
    {
        var me = CurioTask.Require(nameof(ServeAsync));
        try
        {
            while (true)
            {
                var (data, from) = await Socket.RecvFromAsync(CurioUdp.BufferSize).ConfigureAwait(true);
                try { await _handler(data, from, Socket).ConfigureAwait(true); }
                catch (Exception e) when (e is not CancelledError)
                {
                    // A peer can send datagrams faster than anyone reads a log: 10 lines per 10 s of a kind, the rest counted.
                    _logLimiter.Log(me.Core.Log, LogLevel.ErrorLevel, e.GetType().FullName!, e, $"UDP handler for a datagram from {from} failed");
                }
            }
        }
        finally
        {
            await Socket.CloseAsync().ConfigureAwait(true);
        }
    }
}
