using System.Diagnostics;
using System.Text;
using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo.Recipes;

/// <summary>How do you perform a blocking operation? How do you perform a CPU intensive operation?</summary>
public static class WorkersRecipes
{
    [Recipe("run-in-thread", "run_in_thread(time.sleep, 1): a blocking call in a backing thread")]
    public static Task Blocking(string[] args) => Kernel.RunAsync(async () =>
    {
        var sw = Stopwatch.StartNew();
        // result = await curio.run_in_thread(time.sleep, 100), with a shorter sleep
        await RunInThread(Thread.Sleep, 1000);
        Console.WriteLine($"slept 1 s in a worker thread; the kernel stayed free ({sw.ElapsedMilliseconds} ms)");
    });

    // The function runs in a separate process, so it must be a static method with serialisable arguments.
    static int Fib(int n) => n <= 2 ? 1 : Fib(n - 1) + Fib(n - 2);

    [Recipe("run-in-process", "run_in_process(fib, 40): a CPU intensive call in another process")]
    public static Task CpuIntensive(string[] args) => Kernel.RunAsync(async () =>
    {
        var n = args.Length > 0 ? int.Parse(args[0]) : 40;
        var sw = Stopwatch.StartNew();
        var result = await RunInProcess(Fib, n);
        Console.WriteLine($"fib({n}) = {result} ({sw.ElapsedMilliseconds} ms, in another process)");
    });

    [Recipe("check-output", "subprocess.check_output(['cmd', 'arg1', ...])")]
    public static Task ExternalCommand(string[] args) => Kernel.RunAsync(async () =>
    {
        var output = await Subprocess.CheckOutput(["uname", "-a"]);
        Console.Write("uname -a: " + Encoding.UTF8.GetString(output));
        try
        {
            await Subprocess.CheckOutput(["sh", "-c", "echo failing; exit 2"]);
        }
        catch (CalledProcessError e)
        {
            Console.WriteLine($"CalledProcessError: exit {e.ReturnCode}, output {Encoding.UTF8.GetString(e.Output).Trim()}");
        }
    });

    [Recipe("subprocess-pipe", "Popen(args, stdin=PIPE, stdout=PIPE): talk to a subprocess over pipes")]
    public static Task Pipes(string[] args) => Kernel.RunAsync(async () =>
    {
        await using var p = Subprocess.Popen(["tr", "a-z", "A-Z"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
        await p.Stdin!.WriteAsync(Encoding.UTF8.GetBytes("Some data\n"));
        await p.Stdin.CloseAsync();
        var resp = await p.Stdout!.ReadAsync(1000);
        Console.Write("response: " + Encoding.UTF8.GetString(resp));
        Console.WriteLine($"exit code {await p.WaitAsync()}");
    });
}
