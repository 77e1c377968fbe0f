using Curio.Actors;
using Curio.Actors.Remote;

namespace HowTo.Recipes;

/// <summary>How can two different programs send messages to each other? (producer.py)</summary>
public static class ChannelProducerRecipe
{
    static async Task Producer(Channel ch)
    {
        var c = await ch.AcceptAsync(authkey: "peekaboo");
        for (var i = 0; i < 10; i++)
            await c.SendAsync(i);      // Send some data
        await c.SendAsync(null);
        await c.CloseAsync();          // delivers everything before the process ends
    }

    [Recipe("channel-producer", "Channel(('localhost', 30000)).accept(authkey=b'peekaboo'); send 0..9, None [PORT]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        await using var ch = new Channel("localhost", Args.Port(args, 0, 30000));
        await ch.BindAsync();
        Console.WriteLine($"Producer waiting for a consumer on localhost:{ch.Port}");
        await Producer(ch);
    });
}
