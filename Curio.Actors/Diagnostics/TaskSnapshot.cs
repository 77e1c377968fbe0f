namespace Curio.Actors;

/// <summary>
/// What one task was doing at the moment <see cref="Kernel.Snapshot"/> or <see cref="CurioTask.Snapshot"/> looked:
/// the figures of Curio's monitor <c>ps</c>. Taken without stopping the kernel, so a running task may have moved on.
/// </summary>
/// <param name="Id">The task's id.</param>
/// <param name="Name">The task's name.</param>
/// <param name="ParentId">The id of the task that spawned it, or null.</param>
/// <param name="State">INITIAL, READY, RUNNING, TERMINATED or the wait it is parked in (TIME_SLEEP, QUEUE_GET, ...).</param>
/// <param name="WaitingOn">What it is parked on (the lock, queue or task, by its ToString), or null.</param>
/// <param name="Cycles">How many times it has run.</param>
/// <param name="TimeInState">How long it has been in <paramref name="State"/>, on the kernel's clock.</param>
/// <param name="Timeout">The time left before its timeout in force expires, or null.</param>
/// <param name="Sleep">The time left of the sleep it is parked in, or null.</param>
/// <param name="Daemon">True for a daemon task.</param>
public sealed record TaskSnapshot(
    long Id, string Name, long? ParentId, string State, string? WaitingOn, int Cycles,
    TimeSpan TimeInState, TimeSpan? Timeout, TimeSpan? Sleep, bool Daemon)
{
    /// <summary>One line: id, state, what it waits on, cycles, timeout, sleep, name.</summary>
    public override string ToString() =>
        $"task {Id} {State}{(WaitingOn is null ? "" : " on " + WaitingOn)} cycles={Cycles} for={TimeInState.TotalSeconds:0.###}s" +
        $"{(Timeout is { } t ? $" timeout={t.TotalSeconds:0.###}s" : "")}{(Sleep is { } s ? $" sleep={s.TotalSeconds:0.###}s" : "")} {Name}";
}
