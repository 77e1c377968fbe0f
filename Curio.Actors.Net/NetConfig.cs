using Akka.Configuration;

namespace Curio.Actors.Net;

/// <summary>
/// ActorSystem settings for Curio.Actors.Net: Akka.IO TCP reads 512 bytes at a time by default, which makes bulk
/// transfers slow; this raises it to 64 KiB per connection. <c>Kernel.Run</c> already includes it; merge it into the
/// config of an ActorSystem you create yourself (<c>yourConfig.WithFallback(NetConfig.Default)</c>).
/// </summary>
public static class NetConfig
{
    /// <summary>The HOCON settings.</summary>
    public static Config Default { get; } = ConfigurationFactory.ParseString(@"
        akka.io.tcp.disabled-buffer-pool.buffer-size = 65536
        akka.io.tcp.direct-buffer-pool.buffer-size = 65536");
}
