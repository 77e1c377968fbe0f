using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Curio.Actors.Remote.TestPeer;

/// <summary>The baseline message of the Channel benchmark: plain Akka.Remote with a hand-written serializer.</summary>
public sealed record BenchMsg(int Seq);

/// <summary>Hand-written serializer for <see cref="BenchMsg"/> (4 bytes).</summary>
public sealed class BenchMsgSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <inheritdoc />
    public override int Identifier => 660710;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => BitConverter.GetBytes(((BenchMsg)obj).Seq);

    /// <inheritdoc />
    public override string Manifest(object o) => "M";

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) => new BenchMsg(BitConverter.ToInt32(bytes));
}

/// <summary>Plain Akka.Remote systems and actors for the baseline.</summary>
public static class RawAkka
{
    /// <summary>A remoting ActorSystem named "bench" with the hand-written serializer bound.</summary>
    public static ActorSystem CreateSystem(int port) => ActorSystem.Create("bench", ConfigurationFactory.ParseString($@"
        akka {{
          loglevel = OFF
          stdout-loglevel = OFF
          actor.provider = remote
          actor.serializers.benchmsg = ""{typeof(BenchMsgSerializer).AssemblyQualifiedName}""
          actor.serialization-bindings {{ ""{typeof(BenchMsg).AssemblyQualifiedName}"" = benchmsg }}
          remote.log-remote-lifecycle-events = off
          remote.dot-netty.tcp {{ hostname = 127.0.0.1, port = {port} }}
        }}"));

    /// <summary>Counts messages; BenchMsg(-1) asks for the count (and resets it).</summary>
    public sealed class Sink : ReceiveActor
    {
        private int _n;

        /// <summary>Creates the sink.</summary>
        public Sink() => Receive<BenchMsg>(m =>
        {
            if (m.Seq >= 0) { _n++; return; }
            Sender.Tell(new BenchMsg(_n));
            _n = 0;
        });
    }

    /// <summary>Replies with every message it gets.</summary>
    public sealed class Echo : ReceiveActor
    {
        /// <summary>Creates the echo.</summary>
        public Echo() => Receive<BenchMsg>(m => Sender.Tell(m));
    }
}
