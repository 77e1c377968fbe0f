using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How can tasks communicate?</summary>
public static class QueueRecipe
{
    static async Task Producer(Curio.Actors.Queue<int> queue)
    {
        for (var n = 0; n < 10; n++) await queue.PutAsync(n);
        await queue.JoinAsync();
        Console.WriteLine("Producer done");
    }

    static async Task Consumer(Curio.Actors.Queue<int> queue)
    {
        while (true)
        {
            var item = await queue.GetAsync();
            Console.WriteLine($"Consumer got {item}");
            queue.TaskDone();
        }
    }

    // Curio.Actors.Queue<T> is spelled out: with ImplicitUsings, Queue<T> alone also names System.Collections.Generic's.
    [Recipe("queue", "Queue: a producer task and a consumer task, with TaskDone and JoinAsync")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var q = new Curio.Actors.Queue<int>();
        var prodTask = Spawn(Producer, q);
        var consTask = Spawn(Consumer, q);
        await prodTask.JoinAsync();
        await consTask.CancelAsync();
    });
}
