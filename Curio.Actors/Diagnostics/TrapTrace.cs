using Akka.Event;

namespace Curio.Actors;

/// <summary>
/// Curio's <c>traptrace</c>: <see cref="SchedTrace"/>'s lines, and after each <c>SUSPEND</c> a <c>TRAP:</c> line with the
/// state the task parked in and what it waits on (<c>TRAP:QUEUE_GET on CurioQueue(size=0, ...)</c>).
/// </summary>
public sealed class TrapTrace(ILoggingAdapter? log = null, LogLevel level = LogLevel.InfoLevel, IEnumerable<string>? filter = null)
    : SchedTrace(log, level, filter)
{
    /// <inheritdoc />
    public override void Suspended(CurioTask task, string reason)
    {
        base.Suspended(task, reason);
        if (Trace.Follows(task))
            Trace.Write(task.DescribeWait() is { } on ? $"TRAP:{reason} on {on}" : $"TRAP:{reason}");
    }
}
