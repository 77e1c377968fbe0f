using System.Diagnostics;
using Curio.Actors.Diagnostics;

namespace Curio.Actors;

public sealed partial class TaskGroup
{
    /// <summary>The group's activity while someone listens: the parent of its tasks' activities, ended by the join.</summary>
    internal Activity? TelemetryActivity { get; private set; }

    private void StartTelemetry()
    {
        if (!Telemetry.Source.HasListeners()) return;
        var outer = Activity.Current;
        var a = Telemetry.Source.CreateActivity("TaskGroup", ActivityKind.Internal);
        if (a is null) return;
        a.SetTag("curio.group.wait", Wait.ToString().ToLowerInvariant());
        a.Start();
        Activity.Current = outer; // the creating code keeps its own current activity
        TelemetryActivity = a;
    }

    private void EndTelemetry()
    {
        if (TelemetryActivity is not { } a) return;
        TelemetryActivity = null;
        if (_completed is { } c) a.SetTag("curio.group.completed_id", c.Id);
        Telemetry.StopKeepingCurrent(a); // the joining code keeps its own current activity
    }
}
