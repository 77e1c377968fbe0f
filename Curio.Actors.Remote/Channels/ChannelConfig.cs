using Akka.Configuration;
using Curio.Actors.Remote.Channels;

namespace Curio.Actors.Remote;

/// <summary>HOCON for ActorSystems that carry Channels.</summary>
public static class ChannelConfig
{
    /// <summary>
    /// The serializer settings of a Channel ActorSystem: Channel frames get their own serializer, and Akka's JSON
    /// fallback (which would build any type a peer names) is replaced by one that refuses. Standalone Channels use it
    /// already; add it to a remoting or cluster node's config (<c>yourConfig.WithFallback(ChannelConfig.Safe)</c>, or
    /// put it first to override a JSON binding) before using <see cref="Channel.Attach(Akka.Actor.ActorSystem, Akka.Actor.Address?, ChannelOptions?)"/>.
    /// Messages of the application's own types then need serializers of their own.
    /// </summary>
    public static Config Safe => ChannelSystem.SafeConfig;
}
