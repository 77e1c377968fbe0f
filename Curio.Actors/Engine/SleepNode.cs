namespace Curio.Actors.Engine;

/// <summary>A sleep: a wait that a timer on the kernel's TimeProvider wakes with the clock.</summary>
internal sealed class SleepNode : WaitNode<TimeSpan>
{
    private static readonly TimerCallback s_fire = state =>
    {
        var node = (SleepNode)state!;
        node.TryWake(node.Owner.Core.Clock);
    };

    private readonly ITimer? _timer;

    internal SleepNode(CurioTask owner, TimeSpan delay) : base(owner)
    {
        if (delay <= TimeSpan.Zero) TryWake(owner.Core.Clock); // sleep(0): to the back of the ready queue
        else _timer = owner.Core.Time.CreateTimer(s_fire, this, delay, Timeout.InfiniteTimeSpan);
    }

    protected override void Unregister() => _timer?.Dispose();
}
