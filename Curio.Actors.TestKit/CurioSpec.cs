using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace Curio.Actors.TestKit;

/// <summary>
/// A base class for specs of Curio tasks on Akka.TestKit (xunit 2): a kernel lives in the TestKit's ActorSystem on a
/// <see cref="VirtualClock"/> (auto-jumping by default, so timeouts and back-offs run in microseconds), tasks are
/// spawned from the spec and their outcomes awaited with limits that follow the TestKit's time factor, TestProbes are
/// their peers, and a spec fails at its end when a task it started is still alive.
/// </summary>
public abstract class CurioSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config s_quiet = ConfigurationFactory.ParseString(@"
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off");

    /// <summary>Creates the spec's ActorSystem (with <paramref name="config"/> over quiet logging) and its kernel.</summary>
    protected CurioSpec(Config? config = null, ITestOutputHelper? output = null, bool autoJump = true,
        SchedulingMode scheduling = SchedulingMode.Sequential)
        : base(config is null ? s_quiet : config.WithFallback(s_quiet), nameof(CurioSpec), output)
    {
        Clock = new VirtualClock(autoJump);
        Kernel = Kernel.Create(Sys, new KernelOptions { TimeProvider = Clock, Scheduling = scheduling });
        Clock.Attach(Kernel);
    }

    /// <summary>The spec's virtual clock (also the kernel's TimeProvider).</summary>
    protected VirtualClock Clock { get; }

    /// <summary>The kernel under test, inside the TestKit's ActorSystem.</summary>
    protected Kernel Kernel { get; }

    /// <summary>How long an outcome is awaited by default: 10 s of real time, dilated by akka.test.timefactor.</summary>
    protected TimeSpan DefaultLimit => Dilated(TimeSpan.FromSeconds(10));

    /// <summary>Set to false for a spec that means to leave tasks running (they are then cancelled quietly).</summary>
    protected bool CheckForLeakedTasks { get; set; } = true;

    /// <summary>Spawns a task from the spec.</summary>
    protected CurioTask Spawn(Func<Task> body, string? name = null, bool daemon = false) => Kernel.Spawn(body, daemon, name);

    /// <summary>Spawns a task with a result from the spec.</summary>
    [OverloadResolutionPriority(1)] // a method group returning a value binds here, not to the no-result form
    protected CurioTask<T> Spawn<T>(Func<Task<T>> body, string? name = null, bool daemon = false) => Kernel.Spawn(body, daemon, name);

    /// <summary>Spawns a task that reports its outcome to <paramref name="probe"/> as a <see cref="TaskCompleted"/> message.</summary>
    protected CurioTask SpawnReportingTo(IActorRef probe, Func<Task> body, string? name = null) => Kernel.Spawn(body, false, name, probe);

    /// <summary>Spawns a task with a result that reports its outcome to <paramref name="probe"/>; see the no-result form.</summary>
    [OverloadResolutionPriority(1)]
    protected CurioTask<T> SpawnReportingTo<T>(IActorRef probe, Func<Task<T>> body, string? name = null) => Kernel.Spawn(body, false, name, probe);

    /// <summary>Awaits the task's result (or its original exception) within <paramref name="limit"/> (dilated).</summary>
    protected async Task<T> OutcomeOf<T>(CurioTask<T> task, TimeSpan? limit = null) =>
        (T)(await Await(task, limit))!;

    /// <summary>Awaits the end of a task within <paramref name="limit"/> (dilated); rethrows its original exception.</summary>
    protected async Task OutcomeOf(CurioTask task, TimeSpan? limit = null) => await Await(task, limit);

    /// <summary>Spawns <paramref name="body"/> and returns its result, as <c>Kernel.Run</c> would, within the limit.</summary>
    [OverloadResolutionPriority(1)]
    protected Task<T> RunTask<T>(Func<Task<T>> body, TimeSpan? limit = null) => OutcomeOf(Spawn(body), limit);

    /// <summary>Spawns <paramref name="body"/> and waits for it to end, within the limit.</summary>
    protected Task RunTask(Func<Task> body, TimeSpan? limit = null) => OutcomeOf(Spawn(body), limit);

    private async Task<object?> Await(CurioTask task, TimeSpan? limit)
    {
        var wait = limit is { } l ? Dilated(l) : DefaultLimit;
        try
        {
            return await task.Completion.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Task {task.Id} ({task.Name}) did not end within {wait.TotalSeconds:0.###} s of real time; " +
                $"it is {task.State} at virtual time {Clock.Elapsed.TotalSeconds:0.###} s.\n{Describe(Kernel.Tasks)}");
        }
    }

    /// <summary>Fails if a task of the spec's kernel is still alive, naming each with its parent and what it waits in.</summary>
    protected void AssertNoLeakedTasks()
    {
        var alive = Kernel.Tasks.Where(t => !t.Terminated).OrderBy(t => t.Id).ToList();
        if (alive.Count > 0) throw new LeakedTasksException(alive, Describe(alive));
    }

    /// <inheritdoc />
    protected override void AfterAll()
    {
        try
        {
            if (CheckForLeakedTasks) AssertNoLeakedTasks();
        }
        finally
        {
            Kernel.ShutdownAsync().Wait(DefaultLimit);
            base.AfterAll();
        }
    }

    private static string Describe(IEnumerable<CurioTask> tasks) => string.Join("\n", tasks.Select(t =>
        $"  task {t.Id} ({t.Name}), parent {(t.ParentId is { } p ? p.ToString() : "none (spawned by the spec)")}, {t.State}" +
        (t.Where() is { } w ? $" at {w}" : "")));
}
