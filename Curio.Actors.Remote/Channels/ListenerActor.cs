using Akka.Actor;
using Akka.Event;
using Curio.Actors.Remote.Serialization;

namespace Curio.Actors.Remote.Channels;

/// <summary>A pending <see cref="Channel.AcceptAsync(byte[], string?)"/>.</summary>
internal sealed record AcceptRequest(byte[] Key, TaskCompletionSource<ChannelConnection> Result, ILoggingAdapter? Log);

/// <summary>
/// The accepting side of a Channel (Curio's listening socket plus its accept loop). Connectors' Open requests wait in
/// a backlog; while an accept is pending, one handshake runs at a time (as in Curio). A peer that fails (wrong key,
/// silence past the handshake timeout, loss) is reported and dropped, and accepting goes on with the next one.
/// </summary>
internal sealed class ListenerActor(ChannelSystem host, ChannelOptions options, Action<string, Exception>? report = null) : UntypedActor
{
    private const int MaxBacklog = 128;
    private readonly Queue<IActorRef> _backlog = new();
    private readonly Queue<AcceptRequest> _accepts = new();
    private IActorRef? _running;
    private AcceptRequest? _runningFor, _retry;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Curio.Actors.Engine.LogLimiter _rejects = new(TimeSpan.FromSeconds(10), 10);
    private ILoggingAdapter? _kernelLog; // the last accepting kernel's

    internal static Props Props(ChannelSystem host, ChannelOptions options, Action<string, Exception>? report = null) =>
        Akka.Actor.Props.Create(() => new ListenerActor(host, options, report));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ChannelFrame { Kind: FrameKind.Open }:
                if (_backlog.Count >= MaxBacklog) Sender.Tell(ChannelFrame.Of(FrameKind.Failure), Self);
                else _backlog.Enqueue(Sender);
                Pump();
                break;
            case AcceptRequest a:
                _kernelLog = a.Log ?? _kernelLog;
                _accepts.Enqueue(a);
                Pump();
                break;
            case HandshakeDone d:
                var waiter = _runningFor;
                _running = null;
                _runningFor = null;
                if (d.Error is not null && waiter is not null && !waiter.Result.Task.IsCompleted) _retry = waiter; // still waiting
                if (d.Error is null)
                {
                    if (waiter is not null && waiter.Result.TrySetResult(d.Connection)) { }
                    else if (NextWaiter() is { } other) other.Result.TrySetResult(d.Connection);
                    else _ = d.Connection.CloseAsync().AsTask(); // its accept was cancelled meanwhile
                }
                else
                {
                    // One line, at most 10 per 10 s: a peer trying keys cannot flood the log.
                    _rejects.Log(_kernelLog ?? _log, LogLevel.WarningLevel, d.Error.GetType().Name, null,
                        $"Channel peer {d.Peer} rejected: {d.Error.GetType().Name}: {d.Error.Message}");
                    report?.Invoke(d.Peer, d.Error); // for tasks: Channel.NextRejectionAsync
                    try { options.OnPeerRejected?.Invoke(d.Peer, d.Error); }
                    catch (Exception e) { _log.Error(e, "Channel OnPeerRejected callback failed"); }
                }
                Pump();
                break;
            case ChannelFrame:
                break; // anything else sent to the listener is dropped unread
        }
    }

    private AcceptRequest? NextWaiter()
    {
        if (_retry is { } r)
        {
            _retry = null;
            if (!r.Result.Task.IsCompleted) return r;
        }
        while (_accepts.TryDequeue(out var a))
            if (!a.Result.Task.IsCompleted) return a;
        return null;
    }

    private void Pump()
    {
        if (_running is not null || _backlog.Count == 0) return;
        var waiter = NextWaiter();
        if (waiter is null) return;
        var peer = _backlog.Dequeue();
        _runningFor = waiter;
        // Not a child: an accepted connection outlives the listener, as in Curio.
#pragma warning disable AK1008
        _running = Context.System.ActorOf(ConnectionActor.ServerProps(host, waiter.Key, options, peer, Self), ConnectionActor.NewName());
#pragma warning restore AK1008
    }

    protected override void PostStop()
    {
        _retry?.Result.TrySetException(new ConnectionError("The Channel was closed."));
        _runningFor?.Result.TrySetException(new ConnectionError("The Channel was closed."));
        while (_accepts.TryDequeue(out var a)) a.Result.TrySetException(new ConnectionError("The Channel was closed."));
    }
}
