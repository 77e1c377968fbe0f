using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Curio.Actors.Worker;

namespace Curio.Actors;

/// <summary>
/// One worker process: the library's own host (Curio.Actors.Worker.dll) started with <c>dotnet exec</c>, talking
/// length-prefixed frames over its stdin and stdout. Its stderr is the parent's, so what user code prints shows.
/// </summary>
internal sealed class ProcessWorker : PoolWorker
{
    private static readonly Lazy<(string Host, string Config, string Dll)> s_launch = new(FindLaunch);
    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private Task<byte[]?>? _hello;
    private int _killed;

    private ProcessWorker(Process process)
    {
        _process = process;
        Pid = process.Id;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        _hello = WorkerFrames.ReadAsync(_stdout);
    }

    internal int Pid { get; }

    /// <summary>Starts a worker process; it is ready once <see cref="ReadyAsync"/> completes.</summary>
    internal static ProcessWorker Start()
    {
        var (host, config, dll) = s_launch.Value;
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", "--runtimeconfig", config, dll }) psi.ArgumentList.Add(a);
        try
        {
            return new ProcessWorker(Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null."));
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw new BrokenWorkerError($"Could not start a worker process ({host} exec {dll}): {e.Message}", e);
        }
    }

    /// <summary>Completes when the worker has greeted (its runtime is up and it reads requests).</summary>
    internal async Task ReadyAsync()
    {
        if (_hello is not { } hello) return;
        if (await hello.ConfigureAwait(false) is null) throw new EndOfStreamException("The worker process closed its output during start-up.");
        _hello = null;
    }

    /// <summary>Sends one request and returns the response frame. Throws if the process dies meanwhile.</summary>
    internal async Task<byte[]> CallAsync(byte[] request)
    {
        await ReadyAsync().ConfigureAwait(false);
        await WorkerFrames.WriteAsync(_stdin, request).ConfigureAwait(false);
        return await WorkerFrames.ReadAsync(_stdout).ConfigureAwait(false)
            ?? throw new EndOfStreamException("The worker process closed its output.");
    }

    /// <summary>The error for a call whose worker died: its pid and exit code, with the pipe error inside.</summary>
    internal async Task<BrokenWorkerError> DiedError(string what, Exception pipeError)
    {
        string status;
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            status = $"exited with code {_process.ExitCode}";
        }
        catch (OperationCanceledException) { status = "stopped answering"; }
        catch (InvalidOperationException) { status = "exited"; }
        return new BrokenWorkerError($"The worker process (pid {Pid}) running {what} {status}; the pool starts a fresh one for the next call.", pipeError);
    }

    /// <summary>Kills the process (and anything it started) at once and reaps it in the background.</summary>
    internal void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0) return;
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
        catch (Win32Exception) { }
        _ = Task.Run(async () =>
        {
            try { await _process.WaitForExitAsync().ConfigureAwait(false); }
            catch (InvalidOperationException) { }
            _process.Dispose();
        });
    }

    /// <summary>Whether the process has exited.</summary>
    internal bool HasExited
    {
        get
        {
            try { return _process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    private static (string, string, string) FindLaunch()
    {
        var dll = typeof(WorkerFrames).Assembly.Location;
        if (string.IsNullOrEmpty(dll) || !File.Exists(dll))
            throw new BrokenWorkerError("RunInProcess needs Curio.Actors.Worker.dll on disk beside Curio.Actors.dll (single-file publishing is not supported).");
        return (FindDotnetHost(), RuntimeConfig(dll), dll);
    }

    private static string FindDotnetHost()
    {
        var exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath)) return hostPath;
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == exe) return self;
        // The shared runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/; the host is <root>/dotnet.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }

    // The worker runs on exactly the runtime the parent runs on, whatever was copied beside it.
    private static string RuntimeConfig(string dll)
    {
        var version = Environment.Version.ToString();
        var path = Path.Combine(Path.GetTempPath(), $"curio-actors-worker-{version}.runtimeconfig.json");
        if (File.Exists(path)) return path;
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var json = "{\"runtimeOptions\":{\"tfm\":\"" + tfm + "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version +
            "\"},\"configProperties\":{\"System.GC.Concurrent\":false}}}";
        var temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
