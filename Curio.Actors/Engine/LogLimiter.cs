using Akka.Event;

namespace Curio.Actors.Engine;

/// <summary>
/// Keeps a peer from flooding the log: at most <c>perWindow</c> lines of one kind per window; the rest are counted,
/// and the next line of that kind after the window says how many were left out.
/// </summary>
internal sealed class LogLimiter
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Window> _kinds = new();
    private readonly long _windowMs;
    private readonly int _perWindow;

    internal LogLimiter(TimeSpan window, int perWindow)
    {
        _windowMs = (long)window.TotalMilliseconds;
        _perWindow = perWindow;
    }

    private sealed class Window
    {
        internal long Start;
        internal int Logged, Suppressed;
    }

    /// <summary>Whether a line of <paramref name="kind"/> may be logged now; <paramref name="suppressed"/> lines were left out before it.</summary>
    internal bool TryTake(string kind, out int suppressed)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (!_kinds.TryGetValue(kind, out var w))
            {
                if (_kinds.Count > 1000) _kinds.Clear(); // kinds are few (exception types); never grow without bound
                _kinds[kind] = w = new Window { Start = now };
            }
            if (now - w.Start >= _windowMs)
            {
                w.Start = now;
                w.Logged = 0;
            }
            if (w.Logged < _perWindow)
            {
                w.Logged++;
                suppressed = w.Suppressed;
                w.Suppressed = 0;
                return true;
            }
            w.Suppressed++;
            suppressed = 0;
            return false;
        }
    }

    /// <summary>Logs one line of <paramref name="kind"/> at <paramref name="level"/> unless the limit is reached.</summary>
    internal void Log(ILoggingAdapter log, LogLevel level, string kind, Exception? error, string message)
    {
        if (!log.IsEnabled(level) || !TryTake(kind, out var suppressed)) return;
        if (suppressed > 0) message += $" ({suppressed} more like this left out)";
        if (error is null) log.Log(level, message);
        else log.Log(level, error, message);
    }
}
