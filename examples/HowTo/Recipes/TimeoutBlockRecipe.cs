using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How can a timeout be applied to a block of statements?</summary>
public static class TimeoutBlockRecipe
{
    [Recipe("timeout-block", "a cumulative timeout over a block of statements")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        // C# cannot replace or swallow an exception from a using block, so the block is a lambda (see docs/design.md).
        try
        {
            await TimeoutAfter(TimeSpan.FromSeconds(0.5), async () =>
            {
                await Sleep(TimeSpan.FromSeconds(0.3));   // statement1
                Console.WriteLine("statement1 done");
                await Sleep(TimeSpan.FromSeconds(0.3));   // statement2: the cumulative deadline expires here
                Console.WriteLine("statement2 done");
            });
        }
        catch (TaskTimeout)
        {
            Console.WriteLine("Timed out");
        }
    });
}
