using Akka.Event;
using Curio.Actors.Diagnostics;

namespace Curio.Actors;

/// <summary>
/// Curio's <c>logcrash</c>: logs, at <c>level</c> (default Error), each task that ends with an exception other than a
/// cancellation (<see cref="CancelledError"/>), with the exception, for the tasks named in <c>filter</c> (all without).
/// </summary>
public sealed class LogCrash(ILoggingAdapter? log = null, LogLevel level = LogLevel.ErrorLevel, IEnumerable<string>? filter = null)
    : Activation
{
    private readonly TraceLog _trace = new(log, level, filter);

    /// <inheritdoc />
    public override void Activate(Kernel kernel) => _trace.Activate(kernel);

    /// <inheritdoc />
    public override void Terminated(CurioTask task)
    {
        if (task.Exception is { } e && e is not CancelledError && _trace.Follows(task))
            _trace.Write(level, $"Task Crash: {task.Repr}: {e.GetType().Name}: {e.Message}", e);
    }
}
