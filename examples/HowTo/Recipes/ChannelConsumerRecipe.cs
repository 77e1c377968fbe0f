using Curio.Actors;
using Curio.Actors.Remote;

namespace HowTo.Recipes;

/// <summary>How can two different programs send messages to each other? (consumer.py)</summary>
public static class ChannelConsumerRecipe
{
    static async Task Consumer(Channel ch)
    {
        var c = await ch.ConnectAsync(authkey: "peekaboo");
        while (true)
        {
            var msg = await c.RecvAsync();
            if (msg is null) break;
            Console.WriteLine($"Got: {msg}");
        }
    }

    [Recipe("channel-consumer", "Channel(('localhost', 30000)).connect(authkey=b'peekaboo'); print what arrives [PORT]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        await using var ch = new Channel("localhost", Args.Port(args, 0, 30000));
        await Consumer(ch);
    });
}
