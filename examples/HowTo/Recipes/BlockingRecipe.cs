using System.Diagnostics;
using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you perform a blocking operation?</summary>
public static class BlockingRecipe
{
    [Recipe("blocking", "run_in_thread(time.sleep, 1): a blocking call in a backing thread [SECONDS]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var seconds = double.Parse(Args.At(args, 0, "1"), System.Globalization.CultureInfo.InvariantCulture);
        var sw = Stopwatch.StartNew();
        // result = await curio.run_in_thread(time.sleep, 100), with a shorter sleep
        await RunInThread(Thread.Sleep, (int)(seconds * 1000));
        Console.WriteLine($"Slept {seconds} s in a backing thread; the kernel stayed free ({sw.ElapsedMilliseconds} ms)");
    });
}
