using Akka.Event;
using Curio.Actors.Engine;

namespace Curio.Actors.Diagnostics;

/// <summary>A kernel's installed activations, called in the order given; the kernel holds none when there are none.</summary>
internal sealed class ActivationSet(Activation[] activations, KernelCore core)
{
    internal static ActivationSet? For(KernelOptions options, KernelCore core) =>
        options.Activations is { Count: > 0 } a ? new ActivationSet([.. a], core) : null;

    internal void Activate(Kernel kernel)
    {
        foreach (var a in activations) Guard(a, kernel, static (x, k) => x.Activate(k));
    }

    internal void Created(CurioTask task)
    {
        foreach (var a in activations) Guard(a, task, static (x, t) => x.Created(t));
    }

    internal void Running(CurioTask task)
    {
        foreach (var a in activations) Guard(a, task, static (x, t) => x.Running(t));
    }

    /// <summary>After a slice: Suspended, and Terminated once if the body ended in it.</summary>
    internal void AfterSlice(CurioTask task)
    {
        var reason = task.State;
        foreach (var a in activations)
        {
            try { a.Suspended(task, reason); }
            catch (Exception e) { Report(a, e); }
        }
        if (task.Terminated && task.ClaimTerminatedHook())
            foreach (var a in activations) Guard(a, task, static (x, t) => x.Terminated(t));
    }

    /// <summary>A body that ended on a thread outside its actor (after ConfigureAwait(false)) gets Terminated there.</summary>
    internal void EndedOutsideSlice(CurioTask task)
    {
        if (CurioTask.Current != task && task.ClaimTerminatedHook())
            foreach (var a in activations) Guard(a, task, static (x, t) => x.Terminated(t));
    }

    private void Guard<T>(Activation a, T arg, Action<Activation, T> hook)
    {
        try { hook(a, arg); }
        catch (Exception e) { Report(a, e); }
    }

    private void Report(Activation a, Exception e) => core.Log.Error(e, "Curio activation {0} failed", a.GetType().Name);
}
