using System.Net;
using Akka.Actor;
using Akka.Configuration;
using Curio.Actors.Remote.Serialization;

namespace Curio.Actors.Remote.Channels;

/// <summary>
/// The ActorSystem under a Channel: owned (created with remoting and the safe serializer settings, terminated when
/// the Channel and its last connection are closed) or borrowed (an application's remoting or cluster node).
/// </summary>
internal sealed class ChannelSystem
{
    internal const string SystemName = "curio-channel";
    private int _refs = 1;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ActorSystem, object> s_hooked = new();

    private ChannelSystem(ActorSystem system, bool owned)
    {
        System = system;
        Owned = owned;
        Address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        // A borrowed node keeps its own transport settings (Akka's default frame is 128,000 bytes): frames are cut to
        // fit, with room for the envelope, since Akka.Remote drops an oversized message with only a log line.
        var frame = system.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null) ?? 128000;
        MaxFrame = (int)Math.Clamp(frame - 16 * 1024, 16 * 1024, ChannelConnection.MaxFrame);
        HookShutdown(system);
    }

    /// <summary>
    /// An orderly shutdown of the ActorSystem (a node leaving its cluster, a host stopping) closes its live connections
    /// first, before the cluster and remoting go, so that their peers read everything, then end of stream.
    /// </summary>
    private static void HookShutdown(ActorSystem system)
    {
        if (!s_hooked.TryAdd(system, new object())) return;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "curio-channels-close", async () =>
        {
            await ChannelRegistry.CloseAllOf(system).ConfigureAwait(false);
            return Akka.Done.Instance;
        });
    }

    internal ActorSystem System { get; }
    internal bool Owned { get; }
    internal Address Address { get; }

    /// <summary>The largest Channel data frame this system's transport carries.</summary>
    internal int MaxFrame { get; }

    /// <summary>The settings every Channel ActorSystem needs; see <see cref="ChannelConfig.Safe"/>.</summary>
    internal static readonly Config SafeConfig = ConfigurationFactory.ParseString($@"
        akka.actor {{
          serializers {{
            {ChannelFrameSerializer.Name} = ""{typeof(ChannelFrameSerializer).AssemblyQualifiedName}""
            json = ""{typeof(RefusingSerializer).AssemblyQualifiedName}""
          }}
          serialization-bindings {{
            ""{typeof(IChannelMessage).AssemblyQualifiedName}"" = {ChannelFrameSerializer.Name}
          }}
        }}");

    internal static ChannelSystem Create(string hostname, int port, ChannelOptions options)
    {
        var config = ConfigurationFactory.ParseString($@"
            akka {{
              # Akka logs every peer's departure as an error; Channel reports faults as exceptions instead.
              loglevel = OFF
              stdout-loglevel = OFF
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor.provider = remote
              remote {{
                log-remote-lifecycle-events = off
                dot-netty.tcp {{
                  hostname = ""{hostname}""
                  port = {port}
                  maximum-frame-size = {ChannelConnection.MaxFrame + 64 * 1024}b
                  send-buffer-size = 1024000b
                  receive-buffer-size = 1024000b
                }}
              }}
            }}")
            .WithFallback(SafeConfig);
        if (options.ActorSystemConfig is { } extra) config = extra.WithFallback(config);
        return new ChannelSystem(ActorSystem.Create(SystemName, config), owned: true);
    }

    internal static ChannelSystem Borrow(ActorSystem system)
    {
        var ext = (ExtendedActorSystem)system;
        var s = system.Serialization;
        // Idempotent: registering again replaces an identical serializer.
        var serializer = new ChannelFrameSerializer(ext);
        s.AddSerializer(ChannelFrameSerializer.Name, serializer);
        s.AddSerializationMap(typeof(ChannelFrame), serializer);
        return new ChannelSystem(system, owned: false);
    }

    internal void AddRef() => Interlocked.Increment(ref _refs);

    internal void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0 && Owned) _ = System.Terminate();
    }

    internal static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
