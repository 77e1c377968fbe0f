using System.Collections.Concurrent;

namespace Curio.Actors.Remote.Channels;

/// <summary>
/// Live connections of the process. At process exit they are closed in an orderly way, so that a program that sends
/// its last messages and returns (as the how-to's producer does) does not lose what is still in Akka's buffers.
/// </summary>
internal static class ChannelRegistry
{
    private static readonly ConcurrentDictionary<ChannelConnection, byte> s_live = new();
    private static int s_hooked;

    internal static void Add(ChannelConnection c)
    {
        if (Interlocked.Exchange(ref s_hooked, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => CloseAll();
        s_live[c] = 0;
    }

    internal static void Remove(ChannelConnection c) => s_live.TryRemove(c, out _);

    /// <summary>Closes the live connections carried by <paramref name="system"/> (each waits at most its CloseTimeout).</summary>
    internal static Task CloseAllOf(Akka.Actor.ActorSystem system) =>
        Task.WhenAll(s_live.Keys.Where(c => c.CarriedBy == system).Select(c => c.CloseAsync().AsTask()));

    private static void CloseAll()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        foreach (var c in s_live.Keys)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            try { c.CloseAtExit(left); }
            catch (Exception) { } // best effort at exit
        }
    }
}
