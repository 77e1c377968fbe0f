using System.Diagnostics;
using static Curio.Actors.Async;
using F = Curio.Actors.Tests.Workers.ProcessFunctions;

namespace Curio.Actors.Tests.Workers;

/// <summary>
/// Worker processes never outlive their parent: they die with it however it ends (kill -9, an exit without a
/// shutdown), never hold its stdout or stderr, and a kernel's shutdown has killed and reaped them when it returns.
/// </summary>
public class WorkerLifetimeSpecs : WorkerSpec
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Curio.Actors.Worker.TestParent, a program with a worker of its own.</summary>
    private sealed class WorkerParent(string mode)
        : ChildProgram(BuiltDll("Curio.Actors.Worker.TestParent", "Curio.Actors.Worker.TestParent.dll"), "worker parent", [mode])
    {
        public int WorkerPid() => int.Parse(WaitLine("WORKER ").Substring(7));
    }

    /// <summary>Gone, or dead and waiting to be reaped by whoever adopted it (state Z): it runs no more.</summary>
    private static bool Dead(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] is 'Z' or 'X'; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return true; }
    }

    private static string Fd(int pid, int fd) => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "";

    /// <summary>Waits for the worker's death, counting from <paramref name="since"/>; fails after a second.</summary>
    private void DiesWithinASecond(int pid, Stopwatch since, string after)
    {
        AwaitCondition(() => Dead(pid), Second - since.Elapsed > TimeSpan.Zero ? Second - since.Elapsed : TimeSpan.Zero, TimeSpan.FromMilliseconds(5),
            $"worker {pid} still alive {since.Elapsed.TotalMilliseconds:0} ms after {after}");
    }

    [Fact]
    public void A_program_killed_with_SIGKILL_takes_its_idle_worker_with_it_within_a_second()
    {
        using var parent = new WorkerParent("idle-then-wait");
        var pid = parent.WorkerPid();
        Assert.False(Dead(pid));
        // The worker's stdout and stderr are pipes of its own, never the program's.
        Assert.StartsWith("pipe:", Fd(pid, 2));
        Assert.NotEqual(Fd(parent.Id, 1), Fd(pid, 1));
        Assert.NotEqual(Fd(parent.Id, 2), Fd(pid, 2));
        Assert.NotEqual(Fd(parent.Id, 1), Fd(pid, 2));
        var since = Stopwatch.StartNew();
        parent.Signal(ChildProgram.SIGKILL);
        DiesWithinASecond(pid, since, "kill -9 of its parent");
        Assert.Equal(137, parent.WaitExit()); // and the program's output ended: nothing left holds it
    }

    [Fact]
    public void A_program_killed_with_SIGKILL_takes_its_busy_worker_with_it_within_a_second()
    {
        using var parent = new WorkerParent("busy-then-wait");
        var pid = parent.WorkerPid();
        parent.WaitLine("BUSY");
        var since = Stopwatch.StartNew();
        parent.Signal(ChildProgram.SIGKILL);
        DiesWithinASecond(pid, since, "kill -9 of its parent");
        Assert.Equal(137, parent.WaitExit());
    }

    [Fact]
    public void A_program_that_exits_without_shutting_its_kernel_down_leaves_no_worker_behind()
    {
        using var parent = new WorkerParent("idle-then-exit");
        var pid = parent.WorkerPid();
        Assert.Equal(0, parent.WaitExit()); // bounded, and its stdout and stderr ended with it
        DiesWithinASecond(pid, Stopwatch.StartNew(), "its parent exited");
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Run_returns_only_once_its_workers_are_killed_and_reaped(SchedulingMode mode)
    {
        var path = Path.Combine(Path.GetTempPath(), $"curio-reap-{Guid.NewGuid():N}");
        try
        {
            var (idle, busy) = await Kernel.RunAsync(async () =>
            {
                var idlePid = await RunInProcess(F.Pid);
                // A daemon still in a call when main returns: the shutdown cancels it, which kills its worker.
                Spawn(async () => await RunInProcess(F.Hang, path), daemon: true);
                var busyPid = await TimeoutAfter(Limit, async () =>
                {
                    while (!File.Exists(path) || File.ReadAllText(path).Length == 0) await Sleep(TimeSpan.FromMilliseconds(2));
                    return int.Parse(File.ReadAllText(path));
                });
                return (idlePid, busyPid);
            }, new KernelOptions { Scheduling = mode }).WaitAsync(Limit);
            // No waiting here: both were gone, reaped by us, before RunAsync returned.
            Assert.False(Alive(idle), $"idle worker {idle} outlived Kernel.RunAsync");
            Assert.False(Alive(busy), $"busy worker {busy} outlived Kernel.RunAsync");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task ShutdownAsync_returns_only_once_the_workers_are_killed_and_reaped()
    {
        var kernel = NewKernel(virtualTime: false);
        var pids = await RunIn(kernel, async () =>
        {
            var a = Spawn(async () => await RunInProcess(F.Pid));
            var b = Spawn(async () => await RunInProcess(F.Pid));
            return new[] { await a.JoinAsync(), await b.JoinAsync() };
        });
        await kernel.ShutdownAsync().WaitAsync(Limit);
        foreach (var pid in pids) Assert.False(Alive(pid), $"worker {pid} outlived ShutdownAsync");
    }
}
