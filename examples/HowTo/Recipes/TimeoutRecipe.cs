using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you apply a timeout?</summary>
public static class TimeoutRecipe
{
    static async Task<string> Coro(double seconds)
    {
        await Sleep(TimeSpan.FromSeconds(seconds));
        return "finished";
    }

    [Recipe("timeout", "timeout_after(seconds, coro, args) and ignore_after(...) [SECONDS]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0.5;
        try
        {
            var result = await TimeoutAfter(TimeSpan.FromSeconds(seconds), Coro, 10.0);
            Console.WriteLine(result);
        }
        catch (TaskTimeout)
        {
            Console.WriteLine("Timed out");
        }

        var r = await IgnoreAfter(TimeSpan.FromSeconds(seconds), Coro, 10.0);   // null (the default) when it expired
        if (r is null) Console.WriteLine("Timed out");
    });
}
