using Akka.Event;

namespace Curio.Actors.Diagnostics;

/// <summary>What Curio's debug tracers share: the log (Akka's, category curio.debug, by default), the level and the name filter.</summary>
internal sealed class TraceLog(ILoggingAdapter? log, LogLevel level, IEnumerable<string>? filter)
{
    private readonly HashSet<string>? _filter = filter is null ? null : [.. filter];
    private ILoggingAdapter? _log = log;
    private Kernel? _kernel;

    internal void Activate(Kernel kernel)
    {
        _kernel = kernel;
        _log ??= Logging.GetLogger(kernel.System, "curio.debug");
    }

    /// <summary>True for a task the tracer follows (every task without a filter).</summary>
    internal bool Follows(CurioTask task) => _filter is null || _filter.Contains(task.Name);

    /// <summary>Seconds on the kernel's clock (virtual time in tests), where Curio prints time.time().</summary>
    internal string Now => _kernel is null ? "?" : _kernel.Clock.TotalSeconds.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);

    internal TimeProvider Time => _kernel?.Options.TimeProvider ?? TimeProvider.System;

    internal void Write(string message) => Write(level, message);

    internal void Write(LogLevel at, string message, Exception? error = null)
    {
        if (_log is not { } log || !log.IsEnabled(at)) return;
        switch (at) // "{0}": the message is never a format string, since names may hold braces
        {
            case LogLevel.DebugLevel: log.Debug(error, "{0}", message); break;
            case LogLevel.InfoLevel: log.Info(error, "{0}", message); break;
            case LogLevel.WarningLevel: log.Warning(error, "{0}", message); break;
            default: log.Error(error, "{0}", message); break;
        }
    }
}
