namespace Curio.Actors;

/// <summary>The order a queue hands out its items in: FIFO, LIFO or priority.</summary>
internal abstract class ItemStore<T>
{
    internal abstract int Count { get; }
    internal abstract void Add(T item);
    internal abstract T Take();

    /// <summary>True when <see cref="TryTake"/> and <see cref="Count"/> are safe outside the queue's gate.</summary>
    internal virtual bool Concurrent => false;

    /// <summary>Takes the next item if there is one.</summary>
    internal virtual bool TryTake(out T item)
    {
        if (Count == 0)
        {
            item = default!;
            return false;
        }
        item = Take();
        return true;
    }
}

internal sealed class FifoStore<T> : ItemStore<T>
{
    private readonly System.Collections.Generic.Queue<T> _items = new();
    internal override int Count => _items.Count;
    internal override void Add(T item) => _items.Enqueue(item);
    internal override T Take() => _items.Dequeue();
}

/// <summary>FIFO that a getter may take from without the gate (an unbounded hand-off queue's fast path).</summary>
internal sealed class ConcurrentFifoStore<T> : ItemStore<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<T> _items = new();
    internal override int Count => _items.Count;
    internal override bool Concurrent => true;
    internal override void Add(T item) => _items.Enqueue(item);
    internal override T Take() => _items.TryDequeue(out var item) ? item : throw new InvalidOperationException("Take from an empty store.");
    internal override bool TryTake(out T item) => _items.TryDequeue(out item!);
}

internal sealed class LifoStore<T> : ItemStore<T>
{
    private readonly Stack<T> _items = new();
    internal override int Count => _items.Count;
    internal override void Add(T item) => _items.Push(item);
    internal override T Take() => _items.Pop();
}

internal sealed class HeapStore<T>(IComparer<T>? comparer) : ItemStore<T>
{
    private readonly System.Collections.Generic.PriorityQueue<T, T> _items = new(comparer ?? Comparer<T>.Default);
    internal override int Count => _items.Count;
    internal override void Add(T item) => _items.Enqueue(item, item);
    internal override T Take() => _items.Dequeue();
}
