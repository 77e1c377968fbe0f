using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Curio.Actors.Worker;

/// <summary>
/// Ends the worker within a fraction of a second of its parent's death, however the parent died (kill -9, an exit
/// without shutting its kernel down), busy or not, even stopped: on Linux the kernel sends SIGKILL when the parent
/// goes (<c>PR_SET_PDEATHSIG</c>); elsewhere, and as a second line, a thread watches the parent pid. Stdin's end
/// (the parent closed its pipe) ends an idle worker too.
/// </summary>
internal static class ParentWatch
{
    private const int PrSetPdeathsig = 1;
    private const int SigKill = 9;
    private const int EPerm = 1;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Arms the watch for the parent given as <c>--parent PID</c>; without it (started by hand) does nothing.</summary>
    internal static void Start(string[] args)
    {
        var at = Array.IndexOf(args, "--parent");
        if (at < 0 || at + 1 >= args.Length || !int.TryParse(args[at + 1], out var parent)) return;
        if (OperatingSystem.IsWindows())
        {
            WatchOnWindows(parent);
            return;
        }
        if (OperatingSystem.IsLinux()) _ = Prctl(PrSetPdeathsig, SigKill, 0, 0, 0);
        // Our parent is the program, or a launcher in between (a host wrapper that forks): watch both. A program
        // that died before the prctl is already gone.
        var adopter = GetParentPid();
        if (!Exists(parent)) Die();
        var watch = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(s_poll);
                if (GetParentPid() != adopter || !Exists(parent)) Die();
            }
        }) { IsBackground = true, Name = "curio-parent-watch" };
        watch.Start();
    }

    // kill(pid, 0) sends nothing: it only asks whether the process exists (EPERM: it does, but is not ours to signal).
    private static bool Exists(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == EPerm;

    // SIGKILL, not Environment.Exit: nothing the user's code does (a finalizer, a ProcessExit handler) can hold it.
    private static void Die()
    {
        _ = Kill(Environment.ProcessId, SigKill);
        Environment.Exit(1);
    }

    private static void WatchOnWindows(int parent)
    {
        try
        {
            var process = Process.GetProcessById(parent);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => Environment.Exit(1);
            if (process.HasExited) Environment.Exit(1);
        }
        catch (ArgumentException) { Environment.Exit(1); } // already gone
    }

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentPid();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
