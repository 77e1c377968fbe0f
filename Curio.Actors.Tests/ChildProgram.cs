using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Curio.Actors.Tests;

/// <summary>
/// A program a spec runs as a user would (<c>dotnet PROGRAM.dll ARGS</c>): its stdout lines as they come, stderr
/// kept for failure messages, every wait bounded, killed with its children on dispose.
/// </summary>
public class ChildProgram : IDisposable
{
    /// <summary>
    /// How long any wait on the program lasts before the spec fails. A dotnet program starts in 1-3 s on a quiet
    /// machine and in ten times that on a loaded 2-core one, so the bound is a minute: it is there to fail, not to pace.
    /// </summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private readonly Process _p;
    private readonly string _what;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _stdout = new(), _all = new();

    public ChildProgram(string dll, string what, IEnumerable<string> args, bool stdin = false)
    {
        _what = what;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = stdin, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        _p = Process.Start(psi)!;
        _p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _lines.CompleteAdding(); return; }
            lock (_all) { _all.Add(e.Data); _stdout.Add(e.Data); }
            _lines.Add(e.Data);
        };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_all) _all.Add("stderr: " + e.Data); };
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    /// <summary>
    /// The build output of another project of the repository, beside this test assembly's (same configuration and
    /// framework): <paramref name="projectDir"/> relative to the repository root.
    /// </summary>
    public static string BuiltDll(string projectDir, string dllName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory); // .../Curio.Actors.Tests/bin/<Configuration>/<tfm>/
        var root = dir.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, projectDir, "bin", dir.Parent!.Name, dir.Name, dllName);
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build {projectDir} first.", dll);
        return dll;
    }

    /// <summary>Writes a command line to the program's stdin (made with <c>stdin: true</c>).</summary>
    public void Send(string line)
    {
        _p.StandardInput.WriteLine(line);
        _p.StandardInput.Flush();
    }

    /// <summary>The program's process id.</summary>
    public int Id => _p.Id;

    /// <summary>Everything printed so far (for assertion messages).</summary>
    public string Output { get { lock (_all) return string.Join("\n", _all); } }

    /// <summary>Every stdout line so far.</summary>
    public IReadOnlyList<string> StdoutLines { get { lock (_all) return _stdout.ToList(); } }

    /// <summary>Every stderr line so far.</summary>
    public IReadOnlyList<string> StderrLines
    {
        get { lock (_all) return _all.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)).Select(l => l[8..]).ToList(); }
    }

    /// <summary>The next stdout line starting with <paramref name="prefix"/> (skipping others), or a failure after the limit.</summary>
    public string WaitLine(string prefix, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new TimeoutException($"No '{prefix}' line from the {_what}. Output:\n{Output}");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
    }

    /// <summary>
    /// Waits for the exit and for the end of its stdout and stderr (so every line is in), both bounded, and returns
    /// the exit code. Output still open after the exit means a process it left behind holds it: that fails too.
    /// </summary>
    public int WaitExit(TimeSpan? limit = null)
    {
        if (!_p.WaitForExit(limit ?? Limit)) throw new TimeoutException($"The {_what} did not exit. Output:\n{Output}");
        if (!_p.WaitForExitAsync().Wait(limit ?? Limit))
            throw new TimeoutException($"The {_what} exited, but its stdout or stderr stayed open (held by a process it left behind?). Output:\n{Output}");
        return _p.ExitCode;
    }

    /// <summary>Sends a POSIX signal, as Ctrl-C (SIGINT), <c>kill</c> (SIGTERM) or <c>kill -9</c> (SIGKILL) would.</summary>
    public void Signal(int signal) => SendSignal(_p.Id, signal);

    /// <summary>Sends a POSIX signal to process <paramref name="pid"/>, as Ctrl-C (SIGINT) or <c>kill</c> would.</summary>
    public static void SendSignal(int pid, int signal) => Assert.Equal(0, SysKill(pid, signal));

    public const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15;

    /// <summary>Kills the program and what it started.</summary>
    public void Kill() => _p.Kill(entireProcessTree: true);

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _p.WaitForExit(5000);
        _p.Dispose();
        GC.SuppressFinalize(this);
    }
}
