using System.Collections.Concurrent;
using System.Diagnostics;

namespace Curio.Actors.Tests.Remote;

/// <summary>A Channel peer in a separate process (Curio.Actors.Remote.TestPeer), killed on dispose.</summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _p;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _all = new();

    public PeerProcess(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(PeerDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        _p = Process.Start(psi)!;
        _p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _lines.CompleteAdding(); return; }
            lock (_all) _all.Add(e.Data);
            _lines.Add(e.Data);
        };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_all) _all.Add("stderr: " + e.Data); };
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    public static string PeerDll { get; } = FindPeer();

    private static string FindPeer()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        // .../Curio.Actors.Tests/bin/<Configuration>/net10.0/ -> .../Curio.Actors.Remote.TestPeer/bin/<Configuration>/net10.0/
        var tfm = dir.Name;
        var config = dir.Parent!.Name;
        var root = dir.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "Curio.Actors.Remote.TestPeer", "bin", config, tfm, "Curio.Actors.Remote.TestPeer.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build Curio.Actors.Remote.TestPeer first.", dll);
        return dll;
    }

    public int Id => _p.Id;

    /// <summary>Output so far (for assertion messages).</summary>
    public string Output { get { lock (_all) return string.Join("\n", _all); } }

    /// <summary>The next stdout line starting with <paramref name="prefix"/> (skipping others), or a failure after the limit.</summary>
    public string WaitLine(string prefix, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new TimeoutException($"No '{prefix}' line from the peer process. Output:\n{Output}");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
    }

    /// <summary>Writes a command line to the peer's stdin.</summary>
    public void Send(string line)
    {
        _p.StandardInput.WriteLine(line);
        _p.StandardInput.Flush();
    }

    public int WaitPort() => int.Parse(WaitLine("PORT ").Substring(5));

    public int WaitExit(TimeSpan? limit = null)
    {
        if (!_p.WaitForExit(limit ?? TimeSpan.FromSeconds(20))) throw new TimeoutException($"The peer process did not exit. Output:\n{Output}");
        _p.WaitForExit();
        return _p.ExitCode;
    }

    public void Kill() => _p.Kill(entireProcessTree: true);

    public void Dispose()
    {
        try { if (!_p.HasExited) _p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _p.WaitForExit(5000);
        _p.Dispose();
    }
}
