using System.Security.Cryptography;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;
using Curio.Actors.Remote.Serialization;

namespace Curio.Actors.Remote.Channels;

/// <summary>Reported by a server-side <see cref="ConnectionActor"/> to its listener when its handshake ends.</summary>
internal sealed record HandshakeDone(ChannelConnection Connection, Exception? Error, string Peer);

/// <summary>
/// One end of one Channel connection. It runs the mutual HMAC-SHA256 handshake (Curio's order: the accepting side
/// challenges first, and answers the connector's challenge only after the connector proved the key) and afterwards
/// passes the peer's frames to the <see cref="ChannelConnection"/>. Before authentication every frame but the next
/// handshake step is dropped unread, and frames from anyone but the peer are always dropped.
/// </summary>
internal sealed class ConnectionActor : UntypedActor, IWithTimers
{
    private const int NonceSize = 32;
    private enum St { AwaitChallenge, AwaitVerdict, AwaitResponse, Open, Done }

    private readonly bool _server;
    private readonly byte[] _key;
    private readonly ChannelOptions _options;
    private readonly TaskCompletionSource<ChannelConnection>? _connected;
    private readonly ActorSelection? _target;
    private readonly Address? _targetAddress;
    private readonly ChannelConnection _conn;
    private readonly IActorRef? _listener;
    private IActorRef? _peer;
    private byte[] _nonce = [];
    private St _state;

    public ITimerScheduler Timers { get; set; } = null!;

    public ConnectionActor(ChannelSystem host, bool server, byte[] key, ChannelOptions options, IActorRef? peer,
        ActorSelection? target, Address? targetAddress, TaskCompletionSource<ChannelConnection>? connected, IActorRef? listener)
    {
        _listener = listener;
        _server = server;
        _key = key;
        _options = options;
        _peer = peer;
        _target = target;
        _targetAddress = targetAddress;
        _connected = connected;
        _conn = new ChannelConnection(host, Self, options);
        if (peer is not null) _conn.Peer = peer;
    }

    internal static Props ServerProps(ChannelSystem host, byte[] key, ChannelOptions options, IActorRef peer, IActorRef listener) =>
        Props.Create(() => new ConnectionActor(host, true, key, options, peer, null, null, null, listener));

    internal static Props ClientProps(ChannelSystem host, byte[] key, ChannelOptions options, ActorSelection target,
        Address targetAddress, TaskCompletionSource<ChannelConnection> connected) =>
        Props.Create(() => new ConnectionActor(host, false, key, options, null, target, targetAddress, connected, null));

    /// <summary>A random, unguessable actor name: only the authenticated peer learns it.</summary>
    internal static string NewName() => "c" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        // On a cluster node a member removed (downed by the Split Brain Resolver, or left) ends its connections too,
        // should its TCP connection outlive it.
        if (ClusterDiscovery.IsCluster(Context.System))
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberRemoved));
        if (_server)
        {
            Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
            Timers.StartSingleTimer("handshake", "handshake", _options.HandshakeTimeout);
            SendChallenge(); // Curio: the accepting side challenges first
            _state = St.AwaitResponse;
        }
        else
        {
            Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
            Timers.StartSingleTimer("connect", "connect", _options.ConnectTimeout);
            _target!.Tell(ChannelFrame.Of(FrameKind.Open), Self);
            _state = St.AwaitChallenge;
        }
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        if (ClusterDiscovery.IsCluster(Context.System)) Cluster.Get(Context.System).Unsubscribe(Self);
        if (_state != St.Open && _state != St.Done) Fail(new ConnectionError("The Channel endpoint stopped during the handshake."));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ChannelFrame f:
                OnFrame(f);
                break;
            case DisassociatedEvent d when IsPeer(d.RemoteAddress):
                Lost(d.RemoteAddress, "the peer's process or network went away (disassociated)");
                break;
            case ClusterEvent.MemberRemoved r when IsPeer(r.Member.Address):
                Lost(r.Member.Address, "the peer's node was removed from the cluster");
                break;
            case AssociationErrorEvent a when _state != St.Open && _state != St.Done && IsPeer(a.RemoteAddress):
                Fail(new ConnectionError($"Cannot connect to the Channel at {a.RemoteAddress}: {a.Cause?.Message ?? a.ToString()}", a.Cause));
                break;
            case "handshake" when _state != St.Open && _state != St.Done:
                Fail(new TimeoutException(_server
                    ? $"The peer did not finish the Channel handshake within {_options.HandshakeTimeout.TotalSeconds:0.###} s."
                    : "Connection timed out"));
                break;
            case "connect" when _state == St.AwaitChallenge && _peer is null:
                Fail(new ConnectionError($"No Channel answered at {_targetAddress} within {_options.ConnectTimeout.TotalSeconds:0.###} s."));
                break;
        }
    }

    private void Lost(Address peer, string why)
    {
        if (_state == St.Open) _conn.OnLost(why);
        else if (_state != St.Done) Fail(new ConnectionError($"Lost the connection to {peer} during the Channel handshake."));
    }

    private bool IsPeer(Address? a) => a is not null && a.Equals(_peer is null ? _targetAddress : AddressOf(_peer));

    // A peer in this same ActorSystem (a cluster node connecting to its own endpoint) has a local address.
    private static Address AddressOf(IActorRef actor) =>
        actor.Path.Address.HasLocalScope ? ((ExtendedActorSystem)Context.System).Provider.DefaultAddress : actor.Path.Address;

    private void OnFrame(ChannelFrame f)
    {
        if (_state == St.Open)
        {
            if (!Sender.Equals(_peer)) return;
            switch (f.Kind)
            {
                case FrameKind.Data: _conn.OnData(f.Payload); break;
                case FrameKind.Ack: _conn.OnAck(f.Payload); break;
                case FrameKind.Close:
                    Sender.Tell(ChannelFrame.Of(FrameKind.CloseAck), Self);
                    _conn.OnPeerClosed();
                    break;
                case FrameKind.CloseAck: _conn.OnCloseAck(); break;
            }
            return;
        }
        if (_state == St.Done) return;
        if (_peer is null)
        {
            // The connector learns the peer from the first challenge, which must come from the target system.
            if (f.Kind != FrameKind.Challenge || !AddressOf(Sender).Equals(_targetAddress)) return;
            _peer = Sender;
            _conn.Peer = Sender;
            Timers.Cancel("connect");
            Timers.StartSingleTimer("handshake", "handshake", _options.HandshakeTimeout);
        }
        else if (!Sender.Equals(_peer)) return;

        switch (_state, f.Kind)
        {
            case (St.AwaitChallenge, FrameKind.Challenge):
                if (f.Payload.Length < 20) { Reject("challenge too short"); return; }
                _peer.Tell(new ChannelFrame(FrameKind.Response, HMACSHA256.HashData(_key, f.Payload)), Self);
                _state = St.AwaitVerdict;
                break;
            case (St.AwaitVerdict, FrameKind.Welcome):
                if (_server) Succeed();
                else
                {
                    SendChallenge();
                    _state = St.AwaitResponse;
                }
                break;
            case (St.AwaitVerdict, FrameKind.Failure):
                Fail(new AuthenticationError("digest sent was rejected"));
                break;
            case (St.AwaitResponse, FrameKind.Response):
                var expected = HMACSHA256.HashData(_key, _nonce);
                if (!CryptographicOperations.FixedTimeEquals(expected, f.Payload))
                {
                    _peer.Tell(ChannelFrame.Of(FrameKind.Failure), Self);
                    Fail(new AuthenticationError("digest received was wrong"));
                    return;
                }
                _peer.Tell(ChannelFrame.Of(FrameKind.Welcome), Self);
                if (_server) _state = St.AwaitChallenge;
                else Succeed();
                break;
            default:
                Reject($"unexpected {f.Kind} frame in handshake state {_state}");
                break;
        }
    }

    private void SendChallenge()
    {
        _nonce = RandomNumberGenerator.GetBytes(NonceSize);
        _peer!.Tell(new ChannelFrame(FrameKind.Challenge, _nonce), Self);
    }

    private void Reject(string why)
    {
        _peer?.Tell(ChannelFrame.Of(FrameKind.Failure), Self);
        Fail(new AuthenticationError($"Channel handshake protocol error: {why}."));
    }

    private void Succeed()
    {
        _state = St.Open;
        Timers.CancelAll();
        Context.System.EventStream.Unsubscribe(Self, typeof(AssociationErrorEvent));
        ChannelRegistry.Add(_conn);
        if (_server) _listener!.Tell(new HandshakeDone(_conn, null, _peer!.Path.Address.ToString()));
        else _connected!.TrySetResult(_conn);
    }

    private void Fail(Exception error)
    {
        if (_state == St.Done) return;
        _state = St.Done;
        Timers.CancelAll();
        _conn.Abandon();
        if (_server) _listener!.Tell(new HandshakeDone(_conn, error, _peer?.Path.Address.ToString() ?? "?"));
        else _connected!.TrySetException(error);
        Context.Stop(Self);
    }
}
