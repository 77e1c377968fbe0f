namespace Curio.Actors;

/// <summary>The order a queue hands out its items in: FIFO, LIFO or priority.</summary>
internal abstract class ItemStore<T>
{
    internal abstract int Count { get; }
    internal abstract void Add(T item);
    internal abstract T Take();
}

internal sealed class FifoStore<T> : ItemStore<T>
{
    private readonly System.Collections.Generic.Queue<T> _items = new();
    internal override int Count => _items.Count;
    internal override void Add(T item) => _items.Enqueue(item);
    internal override T Take() => _items.Dequeue();
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
