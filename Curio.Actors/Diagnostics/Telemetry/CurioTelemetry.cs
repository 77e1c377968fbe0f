namespace Curio.Actors;

/// <summary>
/// The names Curio.Actors publishes its telemetry under: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <see cref="Name"/> ("Curio.Actors"). Nothing is switched on
/// in the kernel: telemetry costs only a check per spawn until a listener subscribes (OpenTelemetry's
/// <c>AddSource("Curio.Actors")</c> / <c>AddMeter("Curio.Actors")</c>, an <c>ActivityListener</c>, a
/// <c>MeterListener</c>, or <c>dotnet-counters monitor --counters Curio.Actors</c>).
/// <para>Traces: one activity per task, spawned while the source is listened to, named after the task, parented on
/// its task group's activity, else on the <see cref="System.Diagnostics.Activity.Current"/> of the spawning code (inside a
/// task, the task's own activity; around <c>Kernel.Run</c>, the caller's), and ended with the outcome: tag
/// <c>curio.task.outcome</c> = <c>ok</c> (status Ok), <c>error</c> (status Error, the exception as an event),
/// <c>cancelled</c> (status Unset) or <c>timeout</c> (status Error). A task's body runs with its activity as
/// <c>Activity.Current</c>. A <see cref="TaskGroup"/> has an activity of its own (<c>TaskGroup</c>) from its creation to
/// the end of its join. Channel messages carry the sender's trace context to the peer (Curio.Actors.Remote).</para>
/// <para>Metrics: counters <c>curio.tasks.spawned</c>, <c>curio.tasks.ended</c> (tag <c>curio.task.outcome</c>),
/// <c>curio.cancellations.delivered</c>, <c>curio.timeouts.delivered</c>; histograms (seconds, on the kernel's clock)
/// <c>curio.task.parked.duration</c> (tag <c>curio.task.state</c>: what it waited in) and
/// <c>curio.task.slice.duration</c>; observable gauges <c>curio.tasks.live</c> and <c>curio.tasks.parked</c>, and
/// <c>curio.queue.size</c> for queues given a name (tag <c>curio.queue.name</c>). Every measurement carries the kernel's
/// name (tag <c>curio.kernel</c>).</para>
/// </summary>
public static class CurioTelemetry
{
    /// <summary>The name of the library's ActivitySource and of its Meter: "Curio.Actors".</summary>
    public const string Name = "Curio.Actors";
}
