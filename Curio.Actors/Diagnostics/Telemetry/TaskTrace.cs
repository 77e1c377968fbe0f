using System.Diagnostics;

namespace Curio.Actors.Diagnostics;

/// <summary>
/// A task's telemetry, made at its spawn while someone listens: its activity (ended with its outcome), the timing of
/// its slices and of its waits, and the kernel's activations it wraps (called as without telemetry).
/// </summary>
internal sealed class TaskTrace : TaskHooks
{
    private readonly ActivationSet? _activations;
    private readonly TimeProvider _time;
    private long _sliceStart, _parkedSince;
    private string? _parkedIn;
    private Activity? _outer;
    private bool _swapped, _timing;

    internal TaskTrace(CurioTask task, ActivationSet? activations)
    {
        _activations = activations;
        _time = task.Core.Time;
        if (Telemetry.Source.HasListeners()) Activity = Start(task);
    }

    /// <summary>The task's activity, or null (nobody listened to traces at its spawn, or the sampler dropped it).</summary>
    internal Activity? Activity { get; }

    private static Activity? Start(CurioTask task)
    {
        var outer = Activity.Current;
        // Default: Activity.Current is the parent (inside a task, the task's own activity). A group's task hangs under the group.
        var parent = task.Group?.TelemetryActivity?.Context
            ?? (outer is null && CurioTask.Current?.Hooks is TaskTrace { Activity: { } spawner } ? spawner.Context : default);
        var a = Telemetry.Source.CreateActivity(task.Name, ActivityKind.Internal, parent);
        if (a is null) return null;
        if (a.IsAllDataRequested)
        {
            a.SetTag("curio.task.id", task.Id);
            a.SetTag("curio.task.name", task.Name);
            if (task.ParentId is { } p) a.SetTag("curio.task.parent_id", p);
            if (task.Daemon) a.SetTag("curio.task.daemon", true);
            a.SetTag("curio.kernel", Telemetry.KernelTag(task.Core).Value);
        }
        a.Start();
        Activity.Current = outer; // Start made it current here, in the spawner: the task's body gets it instead
        return a;
    }

    internal override void Created(CurioTask task) => _activations?.Created(task);

    // The body runs in a copy of its spawner's context, whose Activity.Current is the spawner's: the task's own
    // activity goes into that copy, so the body and every later slice see it.
    internal override void BodyStarting(CurioTask task)
    {
        if (Activity is { } a) Activity.Current = a;
    }

    internal override void Running(CurioTask task)
    {
        _activations?.Running(task);
        if (task.Cycles == 1 && Activity is { } a)
        {
            // The body starts in this slice: its async methods capture the context, so every later slice sees it too.
            _outer = Activity.Current;
            Activity.Current = a;
            _swapped = true;
        }
        if (!Telemetry.Slice.Enabled && !Telemetry.Parked.Enabled) return;
        var now = _time.GetTimestamp();
        if (_parkedIn is { } state && Telemetry.Parked.Enabled)
            Telemetry.Parked.Record(_time.GetElapsedTime(_parkedSince, now).TotalSeconds, Telemetry.KernelTag(task.Core), new("curio.task.state", state));
        _parkedIn = null;
        _sliceStart = now;
        _timing = true;
    }

    internal override void AfterSlice(CurioTask task)
    {
        if (_swapped)
        {
            Activity.Current = _outer; // the actor's thread goes back to what it had
            _outer = null;
            _swapped = false;
        }
        if (_timing)
        {
            var now = _time.GetTimestamp();
            if (Telemetry.Slice.Enabled) Telemetry.Slice.Record(_time.GetElapsedTime(_sliceStart, now).TotalSeconds, Telemetry.KernelTag(task.Core));
            _timing = false;
            if (!task.Terminated)
            {
                _parkedSince = now;
                _parkedIn = task.State;
            }
        }
        _activations?.Suspended(task);
        if (task.Terminated && task.ClaimTerminatedHook()) Ended(task);
    }

    internal override void EndedOutsideSlice(CurioTask task)
    {
        if (CurioTask.Current != task && task.ClaimTerminatedHook()) Ended(task);
    }

    private void Ended(CurioTask task)
    {
        _activations?.Terminated(task);
        if (Activity is not { } a) return;
        var error = task.Error;
        var outcome = Telemetry.OutcomeOf(error);
        a.SetTag("curio.task.outcome", outcome);
        a.SetTag("curio.task.cycles", task.Cycles);
        switch (outcome)
        {
            case "ok": a.SetStatus(ActivityStatusCode.Ok); break;
            case "cancelled": break; // a requested end, not a failure: status Unset
            default:
                a.SetStatus(ActivityStatusCode.Error, error!.Message);
                a.SetTag("error.type", error.GetType().FullName);
                a.AddException(error);
                break;
        }
        Telemetry.StopKeepingCurrent(a);
    }
}
