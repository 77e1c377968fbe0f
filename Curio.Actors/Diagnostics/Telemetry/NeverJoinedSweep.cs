namespace Curio.Actors.Diagnostics;

/// <summary>
/// Holds a kernel's tasks that ended unjoined for a second or two before any gets its <see cref="NeverJoined"/> watch.
/// A finalizable object per task costs a spawn+join of live tasks about a third of its rate (the GC promotes and
/// queues each), while nearly every such task is joined moments later: a join in that time leaves nothing to make.
/// A task still unjoined when its turn comes gets the watch, so the warning only comes a little later.
/// </summary>
internal sealed class NeverJoinedSweep : IDisposable
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);
    private readonly object _gate = new();
    private List<CurioTask> _young = [], _old = [];
    private Timer? _timer;
    private bool _stopped;

    internal void Add(CurioTask task)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _young.Add(task);
                _timer ??= new Timer(static s => ((NeverJoinedSweep)s!).Tick(), this, s_period, s_period);
                return;
            }
        }
        NeverJoined.WatchNow(task);
    }

    // Each tick takes the tasks that ended before the last tick: they have had at least a period to be joined.
    private void Tick()
    {
        List<CurioTask> due;
        lock (_gate)
        {
            due = _old;
            _old = _young;
            _young = [];
            if (due.Count == 0 && _old.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
        foreach (var t in due) NeverJoined.WatchNow(t);
    }

    /// <summary>At kernel shutdown: every task still held gets its watch now.</summary>
    public void Dispose()
    {
        List<CurioTask> all;
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
            all = [.. _old, .. _young];
            _old = [];
            _young = [];
        }
        foreach (var t in all) NeverJoined.WatchNow(t);
    }
}
