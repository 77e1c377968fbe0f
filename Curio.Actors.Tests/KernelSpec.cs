using Akka.Configuration;
using Curio.Actors;
using Curio.Actors.TestKit;

namespace Curio.Actors.Tests;

/// <summary>A TestKit spec with a kernel in the TestKit's ActorSystem, on virtual time unless told otherwise.</summary>
public abstract class KernelSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config s_config = ConfigurationFactory.ParseString(@"
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off");

    protected static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    protected KernelSpec() : base(s_config) => Time = new VirtualClock(AutoJump);

    /// <summary>Whether the spec's virtual clock jumps by itself when the kernel is idle (override to drive it by hand).</summary>
    protected virtual bool AutoJump => true;

    /// <summary>A spec whose ActorSystem also gets <paramref name="extra"/> settings.</summary>
    protected KernelSpec(Config extra) : base(extra.WithFallback(s_config)) => Time = new VirtualClock(AutoJump);

    /// <summary>The virtual clock of kernels made with virtualTime (the default).</summary>
    protected VirtualClock Time { get; }

    /// <summary>With a hand-driven clock: waits until the task is parked in the given state, then advances time.</summary>
    protected void AdvanceWhenParked(CurioTask task, string state, TimeSpan by)
    {
        AwaitCondition(() => task.State == state, Limit, TimeSpan.FromMilliseconds(5));
        Time.Advance(by);
    }

    protected Kernel NewKernel(SchedulingMode mode = SchedulingMode.Sequential, bool virtualTime = true)
    {
        var k = Kernel.Create(Sys, new KernelOptions { Scheduling = mode, TimeProvider = virtualTime ? Time : TimeProvider.System });
        if (virtualTime) Time.Attach(k);
        return k;
    }

    /// <summary>Runs a body as a task of a fresh kernel and returns its result (or its original exception).</summary>
    protected async Task<T> RunIn<T>(Kernel kernel, Func<Task<T>> body, TimeSpan? limit = null)
    {
        var t = kernel.Spawn(body);
        return (T)(await t.Completion.WaitAsync(limit ?? Limit))!;
    }

    protected static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
