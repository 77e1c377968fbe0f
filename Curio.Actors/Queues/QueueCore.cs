namespace Curio.Actors;

/// <summary>
/// The state machine shared by every queue (Curio's Queue and UniversalQueue). All of it runs under one gate, so it
/// is thread-safe. Items are handed over, never fetched: a put with getters waiting wakes the oldest getter with the
/// item, and a get that frees space moves the oldest waiting putter's item in. A wake-up is a CAS on the waiter, so a
/// waiter that was cancelled or timed out is skipped and the item goes to the next one or into the store: nothing is
/// lost, nothing is taken twice. Because of the hand-off, getters only wait while the store is empty, so a new get
/// never overtakes a waiting one (Curio's rule).
/// </summary>
internal sealed class QueueCore<T>
{
    private readonly object _gate = new();
    private readonly ItemStore<T> _items;
    private readonly WakerList<T> _getters;
    private readonly WakerList<bool> _putters;
    private readonly WakerList<bool> _joiners;
    private int _unfinished;

    internal QueueCore(int maxSize, ItemStore<T> items)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
        _items = items;
        _getters = new WakerList<T>(_gate);
        _putters = new WakerList<bool>(_gate);
        _joiners = new WakerList<bool>(_gate);
    }

    internal int MaxSize { get; }

    internal int Size
    {
        get { lock (_gate) return _items.Count; }
    }

    internal bool Full
    {
        get { lock (_gate) return MaxSize > 0 && _items.Count >= MaxSize; }
    }

    internal int Unfinished
    {
        get { lock (_gate) return _unfinished; }
    }

    /// <summary>Puts the item, or returns the waiter to block on (the item goes in when it is woken).</summary>
    internal PutWaker<T>? Put(T item, CurioTask? me)
    {
        lock (_gate)
        {
            if (_getters.WakeOne(item) is null)
            {
                if (MaxSize > 0 && _items.Count >= MaxSize)
                {
                    me?.ThrowIfCancelPending();
                    var w = new PutWaker<T>(me, item);
                    _putters.Enqueue(w);
                    return w;
                }
                _items.Add(item);
            }
            _unfinished++;
            return null;
        }
    }

    /// <summary>Takes an item at once (true), or returns the waiter to block on.</summary>
    internal bool TryGet(CurioTask? me, out T item, out Waker<T>? waiter)
    {
        lock (_gate)
        {
            if (_items.Count > 0)
            {
                item = _items.Take();
                if (_putters.WakeOne(true) is PutWaker<T> p)
                {
                    _items.Add(p.Item);
                    _unfinished++;
                }
                waiter = null;
                return true;
            }
            me?.ThrowIfCancelPending();
            waiter = new Waker<T>(me);
            _getters.Enqueue(waiter);
            item = default!;
            return false;
        }
    }

    /// <summary>Counts one item as processed; wakes the joiners at zero.</summary>
    internal void TaskDone()
    {
        lock (_gate)
        {
            if (_unfinished <= 0)
                throw new InvalidOperationException("TaskDone called too many times: more TaskDone calls than items put.");
            if (--_unfinished == 0) _joiners.WakeAll(true);
        }
    }

    /// <summary>Null if every item put has been processed, else the waiter to block on.</summary>
    internal Waker<bool>? Join(CurioTask? me)
    {
        lock (_gate)
        {
            if (_unfinished == 0) return null;
            me?.ThrowIfCancelPending();
            var w = new Waker<bool>(me);
            _joiners.Enqueue(w);
            return w;
        }
    }
}
