using Akka.Configuration;
using Curio.Actors;
using Microsoft.Extensions.Time.Testing;

namespace Curio.Actors.Tests;

/// <summary>A TestKit spec with a kernel in the TestKit's ActorSystem, on virtual time unless told otherwise.</summary>
public abstract class KernelSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config s_config = ConfigurationFactory.ParseString(@"
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off");

    protected static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    protected KernelSpec() : base(s_config) { }

    /// <summary>A spec whose ActorSystem also gets <paramref name="extra"/> settings.</summary>
    protected KernelSpec(Config extra) : base(extra.WithFallback(s_config)) { }

    protected FakeTimeProvider Time { get; } = new();

    protected Kernel NewKernel(SchedulingMode mode = SchedulingMode.Sequential, bool virtualTime = true) =>
        Kernel.Create(Sys, new KernelOptions { Scheduling = mode, TimeProvider = virtualTime ? Time : TimeProvider.System });

    /// <summary>Runs a body as a task of a fresh kernel and returns its result (or its original exception).</summary>
    protected async Task<T> RunIn<T>(Kernel kernel, Func<Task<T>> body)
    {
        var t = kernel.Spawn(body);
        return (T)(await t.Completion.WaitAsync(Limit))!;
    }

    /// <summary>Waits until the task is parked in the given state, then advances virtual time.</summary>
    protected void AdvanceWhenParked(CurioTask task, string state, TimeSpan by)
    {
        AwaitCondition(() => task.State == state, Limit);
        Time.Advance(by);
    }

    protected static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
