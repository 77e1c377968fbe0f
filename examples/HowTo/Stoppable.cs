using System.Runtime.InteropServices;
using Curio.Actors;
using static Curio.Actors.Async;

namespace HowTo;

/// <summary>Runs a server until Ctrl-C (SIGINT) or SIGTERM, then cancels it so the kernel and the process end cleanly.</summary>
public static class Stoppable
{
    /// <summary>Where the TCP servers listen: every IPv4 interface, as Curio's <c>''</c>.</summary>
    public const string Host = "";

    /// <summary>Curio's <c>run(server)</c>: the server is a task; a signal cancels it (from outside the kernel).</summary>
    public static Task Run(Func<Task> server) => Kernel.RunAsync(async () =>
    {
        var task = Spawn(server, name: "server");
        void Stop() => _ = task.CancelAsync(blocking: false);
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; Stop(); };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; Stop(); });
        try
        {
            await task.WaitAsync();
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
        if (task.Exception is { } e and not CancelledError) throw e; // a real failure (a busy port, say) is not swallowed
        Console.Error.WriteLine("Server stopped");
    });
}
