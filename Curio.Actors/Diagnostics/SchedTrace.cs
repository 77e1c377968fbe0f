using Akka.Event;
using Curio.Actors.Diagnostics;

namespace Curio.Actors;

/// <summary>
/// Curio's <c>schedtrace</c>: logs <c>CREATE</c>, <c>RUN</c>, <c>SUSPEND</c> and <c>TERMINATED</c> lines for each task, as
/// <c>RUN:12.000001:CurioTask(id=3, name=main, state=RUNNING)</c> with the kernel clock's seconds, through Akka's logging
/// (category <c>curio.debug</c> unless <c>log</c> is given), at <c>level</c>, for the tasks named in <c>filter</c> (all without).
/// </summary>
public class SchedTrace : Activation
{
    private protected readonly TraceLog Trace;

    /// <summary>A tracer writing to <paramref name="log"/> (default: the kernel's system, category curio.debug).</summary>
    public SchedTrace(ILoggingAdapter? log = null, LogLevel level = LogLevel.InfoLevel, IEnumerable<string>? filter = null) =>
        Trace = new TraceLog(log, level, filter);

    /// <inheritdoc />
    public override void Activate(Kernel kernel) => Trace.Activate(kernel);

    /// <inheritdoc />
    public override void Created(CurioTask task) => Line("CREATE", task);

    /// <inheritdoc />
    public override void Running(CurioTask task) => Line("RUN", task);

    /// <inheritdoc />
    public override void Suspended(CurioTask task, string reason) => Line("SUSPEND", task);

    /// <inheritdoc />
    public override void Terminated(CurioTask task) => Line("TERMINATED", task);

    private protected void Line(string what, CurioTask task)
    {
        if (Trace.Follows(task)) Trace.Write($"{what}:{Trace.Now}:{task.Repr}");
    }
}
