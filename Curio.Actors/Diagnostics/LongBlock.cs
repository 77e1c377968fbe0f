using System.Runtime.CompilerServices;
using Akka.Event;
using Curio.Actors.Diagnostics;

namespace Curio.Actors;

/// <summary>
/// Curio's <c>longblock</c>: warns (at <c>level</c>, default Warning) when a slice of a task ran longer than
/// <c>maxTime</c> (default 50 ms) between being resumed and suspending, so it held the kernel; the line names the task,
/// how long it ran, and the <see cref="CurioTask.Where"/> it reached. Timed on the kernel's TimeProvider.
/// </summary>
public sealed class LongBlock : Activation
{
    private readonly TraceLog _trace;
    private readonly TimeSpan _maxTime;
    private readonly ConditionalWeakTable<CurioTask, StrongBox<long>> _started = new();

    /// <summary>A tracer for slices longer than <paramref name="maxTime"/> (default 50 ms).</summary>
    public LongBlock(TimeSpan? maxTime = null, ILoggingAdapter? log = null, LogLevel level = LogLevel.WarningLevel,
        IEnumerable<string>? filter = null)
    {
        _maxTime = maxTime ?? TimeSpan.FromMilliseconds(50);
        if (_maxTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxTime), maxTime, "maxTime must not be negative.");
        _trace = new TraceLog(log, level, filter);
    }

    /// <inheritdoc />
    public override void Activate(Kernel kernel) => _trace.Activate(kernel);

    /// <inheritdoc />
    public override void Running(CurioTask task)
    {
        if (_trace.Follows(task)) _started.GetOrCreateValue(task).Value = _trace.Time.GetTimestamp();
    }

    /// <inheritdoc />
    public override void Suspended(CurioTask task, string reason)
    {
        if (!_trace.Follows(task) || !_started.TryGetValue(task, out var start)) return;
        var ran = _trace.Time.GetElapsedTime(start.Value);
        if (ran <= _maxTime) return;
        var where = task.Terminated ? "it ended" : $"it reached {task.Where()?.ToString() ?? "?"}";
        _trace.Write($"Long block: {task.Repr} ran for {ran.TotalSeconds:0.000###} s without waiting (max {_maxTime.TotalSeconds:0.###} s); {where}");
    }
}
