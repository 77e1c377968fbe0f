using Akka.Configuration;

namespace Curio.Actors.Net;

/// <summary>
/// ActorSystem settings for Curio.Actors.Net. Akka.IO TCP's defaults (4 KiB frames, 8 KiB socket buffers) hold a bulk
/// transfer to about 0.15 of a plain .NET socket; 64 KiB frames and 256 KiB socket buffers bring it to par (measured
/// with the tcp-echo benchmark). <c>Kernel.Run</c> already includes it; merge it into the config of an ActorSystem you
/// create yourself (<c>yourConfig.WithFallback(NetConfig.Default)</c>).
/// </summary>
public static class NetConfig
{
    /// <summary>The HOCON settings.</summary>
    public static Config Default { get; } = ConfigurationFactory.ParseString(Kernel.AkkaIoTcpSettings);
}
