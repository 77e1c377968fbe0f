using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How can coroutines and threads share a common lock?</summary>
public static class AbideRecipe
{
    static readonly System.Threading.Lock s_lock = new(); // must be a thread lock
    static int s_shared;

    // Function running in a thread.
    static void Func()
    {
        for (var i = 0; i < 1000; i++)
            lock (s_lock) s_shared++;
    }

    // Coroutine running in Curio: Abide takes the thread lock without blocking other tasks.
    static async Task Coro()
    {
        for (var i = 0; i < 100; i++)
            await using (await Abide(s_lock)) s_shared++;
    }

    [Recipe("abide", "Abide: a thread lock shared by a thread and a task")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var thread = new Thread(Func);
        thread.Start();
        await Spawn(Coro).JoinAsync();
        await Await(Task.Run(thread.Join));
        Console.WriteLine($"shared = {s_shared} (expected 1100)");
    });
}
