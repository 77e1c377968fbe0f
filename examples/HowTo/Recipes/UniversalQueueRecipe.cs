using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How can a task and a thread communicate?</summary>
public static class UniversalQueueRecipe
{
    // A thread: plain blocking calls.
    static void Producer(UniversalQueue<int> queue)
    {
        for (var n = 0; n < 10; n++) queue.Put(n);
        queue.Join();
        Console.WriteLine("Producer done");
    }

    // A task: the same queue, awaited.
    static async Task Consumer(UniversalQueue<int> queue)
    {
        while (true)
        {
            var item = await queue.GetAsync();
            Console.WriteLine($"Consumer got {item}");
            queue.TaskDone();
        }
    }

    [Recipe("universal-queue", "UniversalQueue: a thread produces, a task consumes")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var q = new UniversalQueue<int>();
        var done = new TaskCompletionSource();
        var prodThread = new Thread(() => { Producer(q); done.SetResult(); });
        prodThread.Start();
        var consTask = Spawn(Consumer, q);
        await Await(done.Task); // the thread's end, awaited without blocking the kernel
        await consTask.CancelAsync();
    });
}
