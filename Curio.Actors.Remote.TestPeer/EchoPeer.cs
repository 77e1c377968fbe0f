namespace Curio.Actors.Remote.TestPeer;

/// <summary>
/// The benchmark's peer side of one connection: a first message 'S' makes it a sink (count messages until end of
/// stream, print <c>SINK n</c>); anything else starts an echo of every message until end of stream.
/// </summary>
public static class EchoPeer
{
    public static async Task ServeAsync(ChannelConnection c)
    {
        var first = await c.RecvBytesAsync();
        try
        {
            if (first.Length == 1 && first[0] == (byte)'S')
            {
                var n = 0;
                try { while (true) { await c.RecvBytesAsync(); n++; } }
                catch (EndOfStreamException) { }
                Console.Out.WriteLine($"SINK {n}");
                Console.Out.Flush();
            }
            else
            {
                while (true) await c.SendBytesAsync(await c.RecvBytesAsync());
            }
        }
        catch (EndOfStreamException) { }
        await c.CloseAsync();
    }
}
