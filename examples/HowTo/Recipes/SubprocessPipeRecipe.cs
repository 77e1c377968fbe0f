using System.Text;
using Curio.Actors;

namespace HowTo.Recipes;

/// <summary>How can you communicate with a subprocess over a pipe?</summary>
public static class SubprocessPipeRecipe
{
    [Recipe("subprocess-pipe", "Popen(args, stdin=PIPE, stdout=PIPE): talk to a subprocess over pipes")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        await using var p = Subprocess.Popen(["tr", "a-z", "A-Z"], stdin: Stdio.Pipe, stdout: Stdio.Pipe);
        await p.Stdin!.WriteAsync(Encoding.UTF8.GetBytes("Some data\n"));
        await p.Stdin.CloseAsync();
        var resp = await p.Stdout!.ReadAsync(1000);
        Console.Write("Response: " + Encoding.UTF8.GetString(resp));
        Console.WriteLine($"Exit code {await p.WaitAsync()}");
    });
}
