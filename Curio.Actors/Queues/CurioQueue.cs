namespace Curio.Actors;

/// <summary>
/// A queue between tasks (Curio's <c>CurioQueue</c>), FIFO. <see cref="PutAsync"/> blocks while a bounded queue is full,
/// <see cref="GetAsync"/> while it is empty; both serve their waiters strictly FIFO, and a new get never overtakes a
/// waiting one. Every put counts one unfinished item and <see cref="TaskDone"/> counts one finished;
/// <see cref="JoinAsync"/> waits until none is unfinished. A get or put that is cancelled or times out while waiting
/// loses nothing; a getter woken with an item that is cancelled before it runs still returns the item (the
/// cancellation stays pending for its next blocking call). Thread-safe, but only tasks may wait on it: use
/// <see cref="UniversalQueue{T}"/> with plain threads. Named CurioQueue so that it never clashes with
/// System.Collections.Generic's Queue.
/// </summary>
/// <typeparam name="T">The items' type.</typeparam>
public class CurioQueue<T>
{
    private readonly QueueCore<T> _core;

    /// <summary>
    /// Creates a queue; <paramref name="maxSize"/> 0 means unbounded. A <paramref name="name"/> publishes its size as the
    /// <c>curio.queue.size</c> gauge of the Curio.Actors meter (see <see cref="CurioTelemetry"/>).
    /// </summary>
    public CurioQueue(int maxSize = 0, string? name = null) : this(maxSize, new FifoStore<T>(), name) { }

    private protected CurioQueue(int maxSize, ItemStore<T> store, string? name = null)
    {
        _core = new QueueCore<T>(maxSize, store, reserving: true);
        Name = name;
        if (name is not null) Diagnostics.Telemetry.NameQueue(this, name, () => _core.Size);
    }

    /// <summary>The name given at creation, or null: a named queue's size is published as a gauge.</summary>
    public string? Name { get; }

    /// <summary>The bound (0: unbounded).</summary>
    public int MaxSize => _core.MaxSize;

    /// <summary>Curio's repr: the type, size, bound and the tasks waiting to get and to put.</summary>
    public override string ToString() => _core.Describe(GetType());

    /// <summary>Items in the queue now (Curio's <c>qsize()</c>, documented as <c>size()</c>).</summary>
    public int Size => _core.Size;

    /// <summary>True when no item is queued.</summary>
    public bool Empty => _core.Size == 0;

    /// <summary>True when a bounded queue holds <see cref="MaxSize"/> items (always false when unbounded).</summary>
    public bool Full => _core.Full;

    /// <summary>Items put and not yet marked done with <see cref="TaskDone"/>.</summary>
    public int Unfinished => _core.Unfinished;

    /// <summary>Adds an item, waiting while the queue is full (state QUEUE_PUT, a cancellation point only then).</summary>
    public ValueTask PutAsync(T item)
    {
        var me = CurioTask.Require("Queue.PutAsync");
        return _core.Put(item, me) is { } w ? w.ParkVoid(me, "QUEUE_PUT", this) : default;
    }

    /// <summary>Takes the next item, waiting while none is available (state QUEUE_GET, a cancellation point only then).</summary>
    public ValueTask<T> GetAsync()
    {
        var me = CurioTask.Require("Queue.GetAsync");
        return _core.TryGet(me, out var item, out var w) ? new ValueTask<T>(item) : TakeWhenWoken(w!.ParkVoid(me, "QUEUE_GET", this));
    }

    // The item stays in the queue, counted, until the woken getter runs (Curio): only then is it taken.
    private async ValueTask<T> TakeWhenWoken(ValueTask woken)
    {
        await woken;
        return _core.TakeReserved();
    }

    /// <summary>
    /// Marks one item processed. Synchronous: Curio's <c>await task_done()</c> never blocks. Raises
    /// <see cref="InvalidOperationException"/> when called more times than items were put (Curio does not check).
    /// </summary>
    public void TaskDone() => _core.TaskDone();

    /// <summary>Waits until every item put has been marked done (state QUEUE_JOIN, a cancellation point if it waits).</summary>
    public ValueTask JoinAsync()
    {
        var me = CurioTask.Require("Queue.JoinAsync");
        return _core.Join(me) is { } w ? w.ParkVoid(me, "QUEUE_JOIN", this) : default;
    }
}
