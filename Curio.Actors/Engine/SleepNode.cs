namespace Curio.Actors.Engine;

/// <summary>A sleep: a wait in the kernel's time queue, woken with the clock once the clock has reached its deadline.</summary>
internal sealed class SleepNode : WaitNode<TimeSpan>, ITimeEntry
{
    internal SleepNode(CurioTask owner, TimeSpan delay) : base(owner)
    {
        if (delay <= TimeSpan.Zero) TryWake(owner.Core.Clock); // sleep(0): to the back of the ready queue
        else owner.Core.Timers.Schedule(this, owner.Core.Clock + delay);
    }

    int ITimeEntry.HeapIndex { get; set; } = -1;
    TimeSpan ITimeEntry.Deadline { get; set; }
    long ITimeEntry.Sequence { get; set; }

    TimeSpan? ITimeEntry.CurrentDeadline() => ((ITimeEntry)this).Deadline;

    void ITimeEntry.Expire(TimeSpan now) => TryWake(now);

    protected override void Unregister() => Owner.Core.Timers.Cancel(this);
}
