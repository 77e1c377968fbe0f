using System.Text;
using Curio.Actors;

namespace HowTo.Recipes;

/// <summary>How do you run external commands in a subprocess?</summary>
public static class SubprocessRecipe
{
    [Recipe("subprocess", "subprocess.check_output(['cmd', 'arg1', ...]) [CMD ARGS...]")]
    public static Task Run(string[] args) => Kernel.RunAsync(async () =>
    {
        string[] cmd = args.Length > 0 ? args : ["uname", "-a"];
        var output = await Subprocess.CheckOutput(cmd);
        Console.Write(Encoding.UTF8.GetString(output));
        try
        {
            // The same exceptions as the standard library: a non-zero exit raises CalledProcessError.
            await Subprocess.CheckOutput(["sh", "-c", "echo failing; exit 2"]);
        }
        catch (CalledProcessError e)
        {
            Console.WriteLine($"CalledProcessError: exit {e.ReturnCode}, output {Encoding.UTF8.GetString(e.Output).Trim()}");
        }
    });
}
