using System.Diagnostics;
using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you perform a CPU intensive operation?</summary>
public static class CpuRecipe
{
    // It runs in a separate process, so it shares no state: a static method with serialisable arguments.
    static int Fib(int n) => n <= 2 ? 1 : Fib(n - 1) + Fib(n - 2);

    [Recipe("cpu", "run_in_process(fib, 40): a CPU intensive call in another process [N]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        var n = int.Parse(Args.At(args, 0, "40"), System.Globalization.CultureInfo.InvariantCulture);
        var sw = Stopwatch.StartNew();
        var result = await RunInProcess(Fib, n);
        Console.WriteLine($"fib({n}) = {result} ({sw.ElapsedMilliseconds} ms, in another process)");
    });
}
