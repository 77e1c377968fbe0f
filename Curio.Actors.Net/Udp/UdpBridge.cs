using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace Curio.Actors.Net;

/// <summary>The actor between one <see cref="UdpSocket"/> and its Akka.IO UDP listener.</summary>
internal sealed class UdpBridge : UntypedActor
{
    private readonly UdpSocket _owner;
    private readonly IActorRef _manager;
    private readonly EndPoint _endpoint;
    private readonly TaskCompletionSource<EndPoint> _bound;
    private IActorRef? _socket;
    private bool _closing, _inFlight;

    public UdpBridge(UdpSocket owner, IActorRef manager, EndPoint endpoint, TaskCompletionSource<EndPoint> bound)
    {
        _owner = owner;
        _manager = manager;
        _endpoint = endpoint;
        _bound = bound;
    }

    internal sealed class Kick
    {
        internal static readonly Kick Instance = new();
    }

    internal sealed class Resume
    {
        internal static readonly Resume Instance = new();
    }

    internal sealed class Close
    {
        internal static readonly Close Instance = new();
    }

    private sealed class Sent : Udp.Event
    {
        internal static readonly Sent Instance = new();
    }

    protected override void PreStart() => _manager.Tell(new Udp.Bind(Self, _endpoint));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Udp.Bound b:
                _socket = Sender;
                _bound.TrySetResult(b.LocalAddress);
                if (_closing) _socket.Tell(Udp.Unbind.Instance);
                break;
            case Udp.Received r:
                if (_owner.OnReceived(r.Data, r.Sender)) _socket?.Tell(Udp.SuspendReading.Instance);
                break;
            case Kick or Sent:
                _inFlight = false;
                SendNext();
                break;
            case Udp.CommandFailed { Cmd: Udp.Send send }:
                Context.GetLogger().Warning("UDP datagram of {0} bytes to {1} could not be sent", send.Payload.Count, send.Target);
                _inFlight = false;
                SendNext();
                break;
            case Udp.CommandFailed { Cmd: Udp.Bind } f:
                var error = new IOException($"Akka.IO could not bind UDP to {_endpoint} ({f.Cmd}); is the port in use?");
                _bound.TrySetException(error);
                _owner.OnFailed(error);
                Context.Stop(Self);
                break;
            case Resume:
                _socket?.Tell(Udp.ResumeReading.Instance);
                break;
            case Close:
                _closing = true;
                if (_socket is null) break;
                if (!_inFlight) _socket.Tell(Udp.Unbind.Instance);
                break;
            case Udp.Unbound:
                Context.Stop(Self);
                break;
        }
    }

    private void SendNext()
    {
        if (_socket is null || _inFlight) return;
        if (_owner.NextToSend() is { } next)
        {
            _inFlight = true;
            _socket.Tell(new Udp.Send(next.Data, next.To, Sent.Instance));
        }
        else if (_closing) _socket.Tell(Udp.Unbind.Instance);
    }
}
