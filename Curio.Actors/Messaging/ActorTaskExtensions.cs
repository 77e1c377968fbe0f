using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Actor;

namespace Curio.Actors;

/// <summary>
/// Lets a plain actor run Curio tasks: <c>Context.SpawnTask(kernel, body)</c> spawns a task owned by the actor. The
/// actor receives a <see cref="TaskCompleted"/> message when the task ends (its join, as a message), may cancel it with
/// <c>task.CancelAsync(blocking: false)</c>, and may talk to it with <see cref="CurioTask.Tell"/>. A task spawned this
/// way does not outlive its actor: when the actor stops (or restarts: Akka stops children then), a small guard child
/// actor (curio-task-guard) cancels every task the actor still owns with <see cref="TaskCancelled"/>, and their
/// cleanup code runs on the kernel as usual.
/// </summary>
public static class ActorTaskExtensions
{
    private const string GuardName = "curio-task-guard";
    private static readonly ConditionalWeakTable<IActorRef, ConcurrentDictionary<long, CurioTask>> s_owned = new();

    /// <summary>Spawns a task owned by the calling actor; see the class remarks.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static CurioTask SpawnTask(this IActorContext context, Kernel kernel, Func<Task> body, string? name = null, bool notify = true) =>
        SpawnOwned(context, kernel, body, notify, listener => kernel.Spawn(body, daemon: false, name, listener));

    /// <summary>Spawns a task with a result owned by the calling actor; see the class remarks.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)] // a method group returning a value keeps its result
    public static CurioTask<T> SpawnTask<T>(this IActorContext context, Kernel kernel, Func<Task<T>> body, string? name = null, bool notify = true) =>
        SpawnOwned(context, kernel, body, notify, listener => kernel.Spawn(body, daemon: false, name, listener));

    private static TTask SpawnOwned<TTask>(IActorContext context, Kernel kernel, Delegate body, bool notify, Func<IActorRef?, TTask> spawn)
        where TTask : CurioTask
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(body);
        var owned = Owned(context);
        var task = spawn(notify ? context.Self : null);
        Track(owned, task);
        return task;
    }

    private static ConcurrentDictionary<long, CurioTask> Owned(IActorContext context)
    {
        var guard = context.Child(GuardName);
        if (!guard.IsNobody() && s_owned.TryGetValue(guard, out var existing)) return existing;
        var owned = new ConcurrentDictionary<long, CurioTask>();
        guard = context.ActorOf(Props.CreateBy(new TaskGuardProducer(owned)), GuardName);
        s_owned.AddOrUpdate(guard, owned);
        return owned;
    }

    private static void Track(ConcurrentDictionary<long, CurioTask> owned, CurioTask task)
    {
        owned[task.Id] = task;
        task.Completion.ContinueWith(_ => owned.TryRemove(task.Id, out CurioTask? _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}

/// <summary>The child that cancels its parent's tasks when the parent stops (children stop first in Akka).</summary>
internal sealed class TaskGuardActor(ConcurrentDictionary<long, CurioTask> owned) : ActorBase
{
    protected override bool Receive(object message) => false;

    protected override void PostStop()
    {
        foreach (var t in owned.Values.OrderByDescending(t => t.Id))
            if (!t.Terminated) t.RequestCancel(new TaskCancelled(), null);
    }
}

/// <summary>Creates guard actors without reflection.</summary>
internal sealed class TaskGuardProducer(ConcurrentDictionary<long, CurioTask> owned) : IIndirectActorProducer
{
    public Type ActorType => typeof(TaskGuardActor);
    public ActorBase Produce() => new TaskGuardActor(owned);
    public void Release(ActorBase actor) { }
}
