using System.Collections.Concurrent;
using System.Diagnostics;

namespace Curio.Actors.Tests.Diagnostics;

/// <summary>
/// Collects the stopped activities of the Curio.Actors source (and of the specs' own root source). Listeners are
/// process-wide and other specs run at the same time: a spec reads only its own trace.
/// </summary>
internal sealed class Traces : IDisposable
{
    /// <summary>The specs' own source, for the root activity a spec spawns its tasks under.</summary>
    internal static readonly ActivitySource Spec = new(SpecSource);

    private const string SpecSource = "Curio.Actors.Tests.Telemetry";

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public Traces()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is CurioTelemetry.Name or SpecSource, // by name: Spec may be made after the listener
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public List<Activity> Of(ActivityTraceId trace) => _stopped.Where(a => a.TraceId == trace).ToList();

    public Activity Named(ActivityTraceId trace, string name) => Of(trace).Single(a => a.DisplayName == name);

    public void Dispose() => _listener.Dispose();
}
