namespace Curio.Actors.Tests.Workers;

/// <summary>KernelSpec with a fine polling interval (AwaitCondition polls at a tenth of its limit by default).</summary>
public abstract class WorkerSpec : KernelSpec
{
    // Worker specs move time by hand around real threads and processes.
    protected override bool AutoJump => false;

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 10 ms.</summary>
    protected void Until(Func<bool> condition) => AwaitCondition(condition, Limit, TimeSpan.FromMilliseconds(10));

    /// <summary>Waits until the task is parked in <paramref name="state"/>, then advances virtual time.</summary>
    protected void AdvanceWhenParkedIn(CurioTask task, string state, TimeSpan by)
    {
        Until(() => task.State == state);
        Time.Advance(by);
    }

    /// <summary>True while a process with this id exists (not yet reaped, zombies included).</summary>
    protected static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");
}
