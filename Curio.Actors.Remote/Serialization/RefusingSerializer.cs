using Akka.Actor;
using Akka.Serialization;

namespace Curio.Actors.Remote.Serialization;

/// <summary>
/// Takes the place of Akka's default JSON serializer on Channel ActorSystems: any message without a dedicated
/// serializer is refused with a clear error in both directions, so no type named by a peer is ever instantiated.
/// </summary>
internal sealed class RefusingSerializer : Serializer
{
    public RefusingSerializer(ExtendedActorSystem system) : base(system) { }

    // Akka passes the settings of the "json" entry it replaces.
    public RefusingSerializer(ExtendedActorSystem system, Akka.Configuration.Config settings) : base(system) { _ = settings; }

    internal const int Id = 660702;

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => throw new NotSupportedException(
        $"Type {obj.GetType()} has no serializer on this Channel ActorSystem: the JSON fallback is disabled because it would let peers build arbitrary types.");

    public override object FromBinary(byte[] bytes, Type type) => throw new System.Runtime.Serialization.SerializationException(
        "Refused a message for the JSON fallback serializer: it is disabled on Channel ActorSystems.");
}
