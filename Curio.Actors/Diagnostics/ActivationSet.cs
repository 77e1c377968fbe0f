using Akka.Event;
using Curio.Actors.Engine;

namespace Curio.Actors.Diagnostics;

/// <summary>A kernel's installed activations, called in the order given; the kernel holds none when there are none.</summary>
internal sealed class ActivationSet(Activation[] activations, KernelCore core) : TaskHooks
{
    internal static ActivationSet? For(KernelOptions options, KernelCore core) =>
        options.Activations is { Count: > 0 } a ? new ActivationSet([.. a], core) : null;

    internal void Activate(Kernel kernel)
    {
        foreach (var a in activations) Guard(a, kernel, static (x, k) => x.Activate(k));
    }

    internal override void Created(CurioTask task)
    {
        foreach (var a in activations) Guard(a, task, static (x, t) => x.Created(t));
    }

    internal override void Running(CurioTask task)
    {
        foreach (var a in activations) Guard(a, task, static (x, t) => x.Running(t));
    }

    /// <summary>After a slice: Suspended, and Terminated once if the body ended in it.</summary>
    internal override void AfterSlice(CurioTask task)
    {
        Suspended(task);
        if (task.Terminated && task.ClaimTerminatedHook()) Terminated(task);
    }

    internal override void EndedOutsideSlice(CurioTask task)
    {
        if (CurioTask.Current != task && task.ClaimTerminatedHook()) Terminated(task);
    }

    /// <summary>Every activation's Suspended, with the state the slice left the task in.</summary>
    internal void Suspended(CurioTask task)
    {
        var reason = task.State;
        foreach (var a in activations)
        {
            try { a.Suspended(task, reason); }
            catch (Exception e) { Report(a, e); }
        }
    }

    /// <summary>Every activation's Terminated; the caller has claimed the task's one Terminated.</summary>
    internal void Terminated(CurioTask task)
    {
        foreach (var a in activations) Guard(a, task, static (x, t) => x.Terminated(t));
    }

    private void Guard<T>(Activation a, T arg, Action<Activation, T> hook)
    {
        try { hook(a, arg); }
        catch (Exception e) { Report(a, e); }
    }

    private void Report(Activation a, Exception e) => core.Log.Error(e, "Curio activation {0} failed", a.GetType().Name);
}
