using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Curio.Actors.Tests.HowTo;

/// <summary>
/// A how-to recipe run as a user runs it (<c>dotnet HowTo.dll RECIPE ARGS</c>): its stdout lines as they come,
/// stderr kept for failure messages, killed with its children on dispose.
/// </summary>
public sealed class RecipeProcess : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly Process _p;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _stdout = new(), _all = new();

    public RecipeProcess(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(HowToDll);
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

    /// <summary>examples/HowTo's build output, next to this test assembly's (same configuration and framework).</summary>
    public static string HowToDll { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory); // .../Curio.Actors.Tests/bin/<Configuration>/<tfm>/
        var root = dir.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "examples", "HowTo", "bin", dir.Parent!.Name, dir.Name, "HowTo.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build examples/HowTo first.", dll);
        return dll;
    }

    /// <summary>The lines printed so far on standard output.</summary>
    public IReadOnlyList<string> StdoutLines { get { lock (_all) return _stdout.ToList(); } }

    /// <summary>The lines printed so far on standard error.</summary>
    public IReadOnlyList<string> StderrLines { get { lock (_all) return _all.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)).Select(l => l[8..]).ToList(); } }

    /// <summary>Everything printed so far (for assertion messages).</summary>
    public string Output { get { lock (_all) return string.Join("\n", _all); } }

    /// <summary>The next stdout line starting with <paramref name="prefix"/> (skipping others), or a failure after the limit.</summary>
    public string WaitLine(string prefix)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new TimeoutException($"No '{prefix}' line from the recipe. Output:\n{Output}");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
    }

    /// <summary>Waits for the end (bounded) and returns every stdout line; asserts exit code 0.</summary>
    public IReadOnlyList<string> WaitSuccess()
    {
        var code = WaitExit();
        Assert.True(code == 0, $"The recipe exited with {code}. Output:\n{Output}");
        lock (_all) return _stdout.ToList();
    }

    public int WaitExit()
    {
        if (!_p.WaitForExit(Limit)) throw new TimeoutException($"The recipe did not exit. Output:\n{Output}");
        _p.WaitForExit(); // drains the output
        return _p.ExitCode;
    }

    /// <summary>Sends a POSIX signal, as Ctrl-C (SIGINT) or <c>kill</c> (SIGTERM) would.</summary>
    public void Signal(int signal) => SendSignal(_p.Id, signal);

    /// <summary>Sends a POSIX signal to process <paramref name="pid"/>.</summary>
    public static void SendSignal(int pid, int signal) => Assert.Equal(0, Kill(pid, signal));

    public const int SIGINT = 2, SIGTERM = 15;

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    /// <summary>A port free now (bound on 0, then released), so parallel runs never meet on the how-to's fixed ports.</summary>
    public static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        try { return ((IPEndPoint)l.LocalEndpoint).Port; }
        finally { l.Stop(); }
    }

    public static int FreeUdpPort()
    {
        using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)u.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _p.WaitForExit(5000);
        _p.Dispose();
    }
}
