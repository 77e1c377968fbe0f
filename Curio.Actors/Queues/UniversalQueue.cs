namespace Curio.Actors;

/// <summary>
/// One FIFO queue for any mix of tasks and plain threads (Curio's <c>UniversalQueue</c>). Tasks await
/// <see cref="PutAsync(T)"/>, <see cref="GetAsync()"/> and <see cref="JoinAsync()"/>, which park on their kernel (cancellation
/// points honouring timeouts, never blocking the kernel thread); threads call the blocking <see cref="Put"/>,
/// <see cref="Get"/> and <see cref="Join"/>, which never touch a kernel (a thread's put wakes a parked task directly).
/// Plain .NET async code outside any task may also await the async methods. Waiters of both kinds are served in one
/// FIFO. <see cref="TaskDone"/> and the join count span both sides. Nothing is lost: a get or put given up (Curio
/// cancellation, timeout, or a thread's CancellationToken) either completes fully or not at all; a thread whose token
/// fires just after an item was handed to it returns the item. Unlike Curio, <see cref="Full"/> tells the truth.
/// </summary>
/// <typeparam name="T">The items' type.</typeparam>
public sealed class UniversalQueue<T>
{
    private readonly QueueCore<T> _core;

    /// <summary>
    /// Creates a queue; <paramref name="maxSize"/> 0 means unbounded. A <paramref name="name"/> publishes its size as the
    /// <c>curio.queue.size</c> gauge of the Curio.Actors meter (see <see cref="CurioTelemetry"/>).
    /// </summary>
    public UniversalQueue(int maxSize = 0, string? name = null)
    {
        _core = new QueueCore<T>(maxSize, new FifoStore<T>(), reserving: false);
        Name = name;
        if (name is not null) Diagnostics.Telemetry.NameQueue(this, name, () => _core.Size);
    }

    /// <summary>The name given at creation, or null: a named queue's size is published as a gauge.</summary>
    public string? Name { get; }

    /// <summary>The bound (0: unbounded).</summary>
    public int MaxSize => _core.MaxSize;

    /// <summary>Curio's repr: the type, size, bound and the waiters to get and to put (tasks and threads).</summary>
    public override string ToString() => _core.Describe(GetType());

    /// <summary>Items in the queue now.</summary>
    public int Size => _core.Size;

    /// <summary>True when no item is queued.</summary>
    public bool Empty => _core.Size == 0;

    /// <summary>True when a bounded queue holds <see cref="MaxSize"/> items (always false when unbounded).</summary>
    public bool Full => _core.Full;

    /// <summary>Items put and not yet marked done with <see cref="TaskDone"/>.</summary>
    public int Unfinished => _core.Unfinished;

    /// <summary>Adds an item; the form without a token, usable as a method group (<c>Spawn(q.PutAsync, item)</c>).</summary>
    public ValueTask PutAsync(T item) => PutAsync(item, default);

    /// <summary>
    /// Adds an item, waiting while the queue is full. In a task: state QUEUE_PUT, a Curio cancellation point (the token
    /// is ignored). Outside any task: a .NET wait the token can cancel.
    /// </summary>
    public ValueTask PutAsync(T item, CancellationToken cancellationToken = default)
    {
        var me = CurioTask.Current;
        if (_core.Put(item, me) is not { } w) return default;
        return me is not null ? w.ParkVoid(me, "FUTURE_WAIT", this) : new ValueTask(w.WaitAsync(cancellationToken));
    }

    /// <summary>Takes the next item; the form without a token, usable as a method group (<c>TimeoutAfter(t, q.GetAsync)</c>).</summary>
    public ValueTask<T> GetAsync() => GetAsync(default);

    /// <summary>Takes the next item, waiting while none is available (in a task: state QUEUE_GET, a cancellation point).</summary>
    public ValueTask<T> GetAsync(CancellationToken cancellationToken = default)
    {
        var me = CurioTask.Current;
        if (_core.TryGet(me, out var item, out var w)) return new ValueTask<T>(item);
        return me is not null ? w!.Park(me, "FUTURE_WAIT", this) : new ValueTask<T>(w!.WaitAsync(cancellationToken));
    }

    /// <summary>Waits until every item is done; the form without a token, usable as a method group.</summary>
    public ValueTask JoinAsync() => JoinAsync(default);

    /// <summary>Waits until every item put has been marked done (in a task: state QUEUE_JOIN, parked, not blocking the kernel).</summary>
    public ValueTask JoinAsync(CancellationToken cancellationToken = default)
    {
        var me = CurioTask.Current;
        if (_core.Join(me) is not { } w) return default;
        return me is not null ? w.ParkVoid(me, "FUTURE_WAIT", this) : new ValueTask(w.WaitAsync(cancellationToken));
    }

    /// <summary>Adds an item from a plain thread, blocking while the queue is full. The token gives up the put (the item is then not queued).</summary>
    public void Put(T item, CancellationToken cancellationToken = default)
    {
        UniversalGuards.NotInTask("UniversalQueue.Put", "PutAsync");
        _core.Put(item, null)?.Block(cancellationToken);
    }

    /// <summary>Takes the next item from a plain thread, blocking while none is available.</summary>
    public T Get(CancellationToken cancellationToken = default)
    {
        UniversalGuards.NotInTask("UniversalQueue.Get", "GetAsync");
        return _core.TryGet(null, out var item, out var w) ? item : w!.Block(cancellationToken);
    }

    /// <summary>Blocks a plain thread until every item put has been marked done.</summary>
    public void Join(CancellationToken cancellationToken = default)
    {
        UniversalGuards.NotInTask("UniversalQueue.Join", "JoinAsync");
        _core.Join(null)?.Block(cancellationToken);
    }

    /// <summary>Marks one item processed, from a task or a thread; raises <see cref="InvalidOperationException"/> when called too often.</summary>
    public void TaskDone() => _core.TaskDone();
}
