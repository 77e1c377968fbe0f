namespace Curio.Actors.Engine;

/// <summary>Something with a deadline in a kernel's <see cref="TimeQueue"/>: a sleep, or a task's timeout.</summary>
internal interface ITimeEntry
{
    /// <summary>The entry's place in the queue's heap; -1 when not queued. Owned by the queue, under its lock.</summary>
    int HeapIndex { get; set; }

    /// <summary>The deadline it is queued for, on the kernel clock. Owned by the queue.</summary>
    TimeSpan Deadline { get; set; }

    /// <summary>Ties between equal deadlines go to the entry queued first. Owned by the queue.</summary>
    long Sequence { get; set; }

    /// <summary>
    /// Asked under the queue's lock when the queued deadline has come: the deadline the entry is for now. Later: the
    /// entry is queued again for it (a timeout that moved). Null: it is dropped (a timeout that was unset). Both are
    /// lazy updates that spare the owner a trip to the heap, as Curio's time queue never deletes entries.
    /// </summary>
    TimeSpan? CurrentDeadline();

    /// <summary>The deadline has passed: <paramref name="now"/> is the kernel clock, never earlier than the deadline.</summary>
    void Expire(TimeSpan now);
}

/// <summary>
/// One kernel's deadlines, as Curio's time queue: sleeps and timeouts of every task in one heap, behind one timer.
/// When the timer fires, every entry whose deadline the kernel clock has reached expires, earliest first, so a
/// deadline never fires early (a .NET timer may wake a millisecond or two before its time) and deadlines that
/// passed together (the kernel was blocked, the machine stalled) are delivered in deadline order, whatever the
/// timers' luck. Removal is eager (an indexed heap), so cancelled timeouts leave nothing behind.
/// </summary>
internal sealed class TimeQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly Func<TimeSpan> _clock;
    private readonly ITimer _timer;
    // A real timer firing for an entry that has gone only costs a look at the heap; a virtual clock would jump to
    // that stale time, so there the timer follows the heap exactly.
    private readonly bool _exact;
    private ITimeEntry[] _heap = new ITimeEntry[16];
    private int _count;
    private long _sequence;
    private TimeSpan? _armedFor;
    private bool _firing, _refire, _disposed;

    internal TimeQueue(TimeProvider time, Func<TimeSpan> clock)
    {
        _clock = clock;
        _exact = !ReferenceEquals(time, TimeProvider.System);
        _timer = time.CreateTimer(static s => ((TimeQueue)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// True when the timer must follow the heap exactly (a virtual clock, which would jump to a stale deadline);
    /// with the system clock owners may leave stale entries to fire and be dropped or moved then.
    /// </summary>
    internal bool Exact => _exact;

    /// <summary>Entries queued now.</summary>
    internal int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>Queues <paramref name="entry"/> for <paramref name="deadline"/>, moving it if it is queued already.</summary>
    internal void Schedule(ITimeEntry entry, TimeSpan deadline)
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (entry.HeapIndex >= 0) RemoveAt(entry.HeapIndex);
            InsertLocked(entry, deadline);
            if (!_firing && (_armedFor is not { } armed || deadline < armed)) ArmLocked();
        }
    }

    /// <summary>Takes <paramref name="entry"/> out of the queue; a no-op if it is not queued (it expired, or never was).</summary>
    internal void Cancel(ITimeEntry entry)
    {
        lock (_gate)
        {
            if (entry.HeapIndex < 0) return;
            var wasFirst = entry.HeapIndex == 0;
            RemoveAt(entry.HeapIndex);
            if (wasFirst && _exact && !_firing) ArmLocked();
        }
    }

    private void InsertLocked(ITimeEntry entry, TimeSpan deadline)
    {
        entry.Deadline = deadline;
        entry.Sequence = ++_sequence;
        if (_count == _heap.Length) Array.Resize(ref _heap, _count * 2);
        entry.HeapIndex = _count;
        _heap[_count++] = entry;
        SiftUp(entry.HeapIndex);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            for (var i = 0; i < _count; i++) _heap[i].HeapIndex = -1;
            Array.Clear(_heap, 0, _count);
            _count = 0;
        }
        _timer.Dispose();
    }

    private void Fire()
    {
        lock (_gate)
        {
            // One thread expires entries at a time, so their order is the deadline order.
            if (_firing) { _refire = true; return; }
            _firing = true;
            _armedFor = null;
        }
        List<ITimeEntry>? due = null;
        while (true)
        {
            var now = _clock();
            lock (_gate)
            {
                due?.Clear();
                while (_count > 0 && _heap[0].Deadline <= now)
                {
                    var e = PopFirst();
                    var current = e.CurrentDeadline();
                    if (current is not { } c) continue;
                    if (c > e.Deadline) InsertLocked(e, c); // moved: back in its place, maybe due in this same pass
                    else (due ??= new List<ITimeEntry>()).Add(e);
                }
                if (due is not { Count: > 0 } && !_refire)
                {
                    _firing = false;
                    if (!_disposed) ArmLocked();
                    return;
                }
                _refire = false;
            }
            if (due is null) continue;
            foreach (var e in due)
            {
                try { e.Expire(now); }
                catch (Exception ex) { Console.Error.WriteLine($"curio time queue: {ex}"); } // the rest still expire
            }
        }
    }

    private void ArmLocked()
    {
        if (_count == 0)
        {
            if (_armedFor is null) return;
            _armedFor = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var next = _heap[0].Deadline;
        _armedFor = next;
        var due = next - _clock();
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        // A system timer counts whole milliseconds and truncates: round up, or a re-arm a fraction of a millisecond
        // before the deadline would fire at once, again and again, until the deadline is reached.
        else if (!_exact) due = TimeSpan.FromMilliseconds(Math.Ceiling(due.TotalMilliseconds));
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private ITimeEntry PopFirst()
    {
        var first = _heap[0];
        RemoveAt(0);
        return first;
    }

    private void RemoveAt(int i)
    {
        var removed = _heap[i];
        removed.HeapIndex = -1;
        var last = --_count;
        if (i != last)
        {
            var moved = _heap[last];
            _heap[i] = moved;
            moved.HeapIndex = i;
            _heap[last] = null!;
            if (!SiftUp(i)) SiftDown(i);
        }
        else
        {
            _heap[last] = null!;
        }
    }

    private static bool Before(ITimeEntry a, ITimeEntry b) =>
        a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Sequence < b.Sequence);

    private bool SiftUp(int i)
    {
        var e = _heap[i];
        var start = i;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Before(e, _heap[parent])) break;
            _heap[i] = _heap[parent];
            _heap[i].HeapIndex = i;
            i = parent;
        }
        _heap[i] = e;
        e.HeapIndex = i;
        return i != start;
    }

    private void SiftDown(int i)
    {
        var e = _heap[i];
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Before(_heap[child + 1], _heap[child])) child++;
            if (!Before(_heap[child], e)) break;
            _heap[i] = _heap[child];
            _heap[i].HeapIndex = i;
            i = child;
        }
        _heap[i] = e;
        e.HeapIndex = i;
    }
}
