using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Sync;

/// <summary>Helpers shared by the sync and queue specs.</summary>
public abstract class SyncSpec : KernelSpec
{
    /// <summary>From inside a task: yields until every task is parked in <paramref name="state"/>.</summary>
    protected static async Task Parked(string state, params CurioTask[] tasks)
    {
        // Bounded by real time, not by a count of yields: on a loaded machine in Parallel mode the others may need long.
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (tasks.Any(t => t.State != state) && limit.Elapsed < TimeSpan.FromSeconds(20)) await Sleep(TimeSpan.Zero);
        Assert.All(tasks, t => Assert.Equal(state, t.State));
    }

    /// <summary>Runs a body as the main task of a fresh kernel in the given mode.</summary>
    protected Task Run(Func<Task> body, SchedulingMode mode = SchedulingMode.Sequential, bool virtualTime = true) =>
        RunIn(NewKernel(mode, virtualTime), async () => { await body(); return 0; });
}
