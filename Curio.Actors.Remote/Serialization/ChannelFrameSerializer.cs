using Akka.Actor;
using Akka.Serialization;

namespace Curio.Actors.Remote.Serialization;

/// <summary>
/// Serializes <see cref="ChannelFrame"/>s: the manifest is the kind letter and the bytes are the payload, untouched.
/// An unknown manifest is refused; nothing but a <see cref="ChannelFrame"/> is ever built.
/// </summary>
internal sealed class ChannelFrameSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    internal const int Id = 660701;
    internal const string Name = "curio-channel";

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj) => obj is ChannelFrame f
        ? f.Payload
        : throw new ArgumentException($"{nameof(ChannelFrameSerializer)} only serializes Channel frames, not {obj.GetType()}.");

    public override string Manifest(object o) => o is ChannelFrame f
        ? ((char)f.Kind).ToString()
        : throw new ArgumentException($"{nameof(ChannelFrameSerializer)} only serializes Channel frames, not {o.GetType()}.");

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest.Length == 1 && Enum.IsDefined(typeof(FrameKind), (byte)manifest[0]))
            return new ChannelFrame((FrameKind)(byte)manifest[0], bytes);
        throw new System.Runtime.Serialization.SerializationException($"Refused a Channel frame with unknown manifest '{manifest}'.");
    }
}
