namespace Curio.Actors;

/// <summary>
/// The state machine shared by every queue (Curio's Queue and UniversalQueue). All of it runs under one gate, so it
/// is thread-safe. A wake-up is a CAS on the waiter, so a waiter that was cancelled or timed out is skipped and the
/// item goes to the next one or stays in the store: nothing is lost, nothing is taken twice. A get that frees space
/// moves the oldest waiting putter's item in, so putters are served strictly FIFO.
/// Two ways of serving getters:
/// <list type="bullet">
/// <item><b>Reserving</b> (Curio's Queue, PriorityQueue, LifoQueue): as in Curio, a put adds the item to the store and
/// wakes the oldest getter; the item stays in the store, counted in <see cref="Size"/> and against the bound, until
/// that getter runs and takes whatever the store's order gives it then (a LIFO getter takes the newest item). The
/// woken getter holds a reservation, so a new get cannot take the item first; it always runs and takes its item,
/// even if it is cancelled before it runs (the cancellation stays pending).</item>
/// <item><b>Handing off</b> (UniversalQueue, whose getters may be threads): a put with getters waiting hands the item
/// straight to the oldest one, as Curio's UniversalQueue gives it to the getter's future.</item>
/// </list>
/// Either way getters only take at once when no other getter waits, so a new get never overtakes a waiting one.
/// </summary>
internal sealed class QueueCore<T>
{
    private readonly object _gate = new();
    private readonly ItemStore<T> _items;
    private readonly WakerList<T> _getters;
    private readonly WakerList<bool> _putters;
    private readonly WakerList<bool> _joiners;
    private int _unfinished;
    private int _reserved; // getters woken and not yet run, each owed one item of the store (reserving mode)

    internal QueueCore(int maxSize, ItemStore<T> items, bool reserving)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
        Reserving = reserving;
        _items = items;
        _getters = new WakerList<T>(_gate);
        _putters = new WakerList<bool>(_gate);
        _joiners = new WakerList<bool>(_gate);
    }

    internal int MaxSize { get; }

    /// <summary>The queue's repr, read under the gate so the figures agree.</summary>
    internal string Describe(Type queue)
    {
        var name = queue.IsGenericType ? queue.Name[..queue.Name.IndexOf('`')] : queue.Name;
        lock (_gate) return $"{name}(size={_items.Count}, maxsize={MaxSize}, getters={_getters.Count}, putters={_putters.Count})";
    }

    /// <summary>True when a woken getter takes its item from the store when it runs (<see cref="TakeReserved"/>).</summary>
    internal bool Reserving { get; }

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
            if (Reserving || _getters.WakeOne(item) is null)
            {
                if (MaxSize > 0 && _items.Count >= MaxSize)
                {
                    me?.ThrowIfCancelPending();
                    var w = new PutWaker<T>(me, item);
                    _putters.Enqueue(w);
                    return w;
                }
                AddLocked(item);
            }
            else
            {
                _unfinished++;
            }
            return null;
        }
    }

    /// <summary>
    /// Takes an item at once (true), or returns the waiter to block on. When reserving, a woken waiter then calls
    /// <see cref="TakeReserved"/>; otherwise its wake-up carries the item.
    /// </summary>
    internal bool TryGet(CurioTask? me, out T item, out Waker<T>? waiter)
    {
        lock (_gate)
        {
            if (_items.Count > _reserved && _getters.Count == 0)
            {
                item = TakeLocked();
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

    /// <summary>Called by a woken getter when it runs: takes the item it was woken for.</summary>
    internal T TakeReserved()
    {
        lock (_gate)
        {
            _reserved--;
            return TakeLocked();
        }
    }

    private T TakeLocked()
    {
        var item = _items.Take();
        if (_putters.WakeOne(true) is PutWaker<T> p) AddLocked(p.Item);
        return item;
    }

    private void AddLocked(T item)
    {
        _items.Add(item);
        _unfinished++;
        if (Reserving && _getters.WakeOne(default!) is not null) _reserved++;
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
