using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you shield operations from timeouts or cancellation?</summary>
public static class ShieldRecipe
{
    static async Task Func()
    {
        using (DisableCancellation())
        {
            await Sleep(TimeSpan.FromSeconds(0.2));       // coro1()
            Console.WriteLine("coro1 done (shielded)");
            await Sleep(TimeSpan.FromSeconds(0.2));       // coro2()
            Console.WriteLine("coro2 done (shielded)");
        }
        try
        {
            await Sleep(TimeSpan.FromSeconds(10));        // blocking_op(): cancellation delivered here
        }
        catch (TaskCancelled)
        {
            Console.WriteLine("Cancellation delivered at blocking_op()");
            throw;
        }
    }

    [Recipe("shield", "disable_cancellation(): a block that a cancel cannot interrupt")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var t = Spawn(Func);
        await Sleep(TimeSpan.FromSeconds(0.1));
        Console.WriteLine("Cancelling");
        await t.CancelAsync();
        Console.WriteLine($"Task cancelled: {t.Cancelled}");
    });
}
