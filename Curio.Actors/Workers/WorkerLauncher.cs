using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Curio.Actors.Worker;

namespace Curio.Actors;

/// <summary>
/// Starts worker processes, one at a time, on a dedicated thread that lives as long as the program. Two reasons:
/// a start (finding the host, writing the runtime config, <c>Process.Start</c>) takes tens of milliseconds and must
/// not run on a kernel's strand; and on Linux a worker asks for SIGKILL when its parent dies
/// (<c>PR_SET_PDEATHSIG</c>), where the "parent" is the thread that forked it: a thread-pool thread that retires
/// would kill its workers, a thread that never ends does not.
/// </summary>
internal static class WorkerLauncher
{
    private static readonly BlockingCollection<TaskCompletionSource<Process>> s_requests = new();
    private static readonly Lazy<Thread> s_thread = new(() =>
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "curio-worker-launcher" };
        thread.Start();
        return thread;
    });

    private static (string Host, string Config, string Dll)? s_launch;

    /// <summary>Queues a start; the task completes on the thread pool with the running process, or a <see cref="BrokenWorkerError"/>.</summary>
    internal static Task<Process> StartAsync()
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = s_thread.Value;
        s_requests.Add(started);
        return started.Task;
    }

    private static void Loop()
    {
        foreach (var request in s_requests.GetConsumingEnumerable())
        {
            try { request.SetResult(Launch()); }
            catch (Exception e) { request.SetException(e is BrokenWorkerError ? e : new BrokenWorkerError($"Could not start a worker process: {e.Message}", e)); }
        }
    }

    private static Process Launch()
    {
        var (host, config, dll) = s_launch ??= FindLaunch();
        // All three streams are pipes of ours: a worker never holds the program's own stdout or stderr, so whoever
        // reads those sees their end when the program ends, whatever became of the worker.
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", "--runtimeconfig", config, dll, "--parent", Environment.ProcessId.ToString() }) psi.ArgumentList.Add(a);
        try
        {
            return Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            throw new BrokenWorkerError($"Could not start a worker process ({host} exec {dll}): {e.Message}", e);
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
