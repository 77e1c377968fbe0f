using Akka.Actor;
using Akka.Configuration;
using Akka.IO;

namespace Curio.Actors.Net;

/// <summary>
/// Akka.IO UDP with receive buffers of 64 KiB, so that any datagram arrives whole: the stock extension's buffers are
/// 512 bytes and would cut longer datagrams short. Registered once per ActorSystem.
/// </summary>
internal sealed class CurioUdp : ExtensionIdProvider<UdpExt>
{
    internal const int BufferSize = 65536;
    internal static readonly CurioUdp Instance = new();

    public override UdpExt CreateExtension(ExtendedActorSystem system)
    {
        system.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString($@"
            curio.net.udp-buffer-pool {{
                class = ""Akka.IO.Buffers.DisabledBufferPool, Akka""
                buffer-size = {BufferSize}
            }}"));
        var stock = UdpSettings.Create(system.Settings.Config.GetConfig("akka.io.udp"));
        var settings = new UdpSettings("curio.net.udp-buffer-pool", stock.TraceLogging, stock.InitialSocketAsyncEventArgs,
            stock.BatchReceiveLimit, stock.ManagementDispatcher, stock.FileIODispatcher);
        try { return new UdpExt(system, settings); }
        catch (InvalidActorNameException)
        {
            // the stock UDP extension already runs in this system (its manager has the same name): share it
            return Udp.Instance.Apply(system);
        }
    }

    internal static IActorRef ManagerOf(ActorSystem system) => Instance.Apply(system).Manager;
}
