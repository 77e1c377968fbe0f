using Akka.Streams;
using Akka.Streams.Stage;
using StreamTcp = Akka.Streams.Dsl.Tcp;

namespace Curio.Actors.Net;

/// <summary>
/// The sink of a server's bound connections. It pulls the next connection only while the server has a free slot:
/// Akka's listener accepts one connection per pull, so a full server leaves new connects in the kernel's backlog
/// (back-pressure) instead of accepting and refusing them.
/// </summary>
internal sealed class AcceptGate : GraphStage<SinkShape<StreamTcp.IncomingConnection>>
{
    private readonly Inlet<StreamTcp.IncomingConnection> _in = new("curio.server.accept");
    private readonly ServerCore _server;

    internal AcceptGate(ServerCore server)
    {
        _server = server;
        Shape = new SinkShape<StreamTcp.IncomingConnection>(_in);
    }

    public override SinkShape<StreamTcp.IncomingConnection> Shape { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InGraphStageLogic
    {
        private readonly AcceptGate _stage;

        public Logic(AcceptGate stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, this);
        }

        public override void PreStart()
        {
            _stage._server.AttachGate(GetAsyncCallback(PullIfRoom));
            PullIfRoom();
        }

        public override void OnPush()
        {
            _stage._server.OnIncoming(Connection.Materialize(Grab(_stage._in), _stage._server.Core));
            PullIfRoom();
        }

        private void PullIfRoom()
        {
            if (!IsClosed(_stage._in) && !HasBeenPulled(_stage._in) && _stage._server.TryTakeSlot()) Pull(_stage._in);
        }
    }
}
