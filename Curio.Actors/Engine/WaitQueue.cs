namespace Curio.Actors.Engine;

/// <summary>
/// A FIFO of waiting tasks (Curio's SchedFIFO). Every operation runs under <see cref="Gate"/>, which the owning
/// primitive also uses for its own state, so a wake-up and a cancelled waiter leaving the queue never interleave.
/// </summary>
internal sealed class WaitQueue
{
    private WaitNode? _head, _tail;

    internal WaitQueue(object gate) => Gate = gate;

    /// <summary>A queue that is its own lock: the owner locks the queue itself.</summary>
    internal WaitQueue() => Gate = this;

    /// <summary>The lock shared with the owning primitive.</summary>
    internal object Gate { get; }

    /// <summary>Waiters still queued (cancelled ones leave at once).</summary>
    internal int Count { get; private set; }

    internal void Enqueue(WaitNode node)
    {
        node.Queue = this;
        node.Prev = _tail;
        node.Next = null;
        if (_tail is null) _head = node; else _tail.Next = node;
        _tail = node;
        Count++;
    }

    /// <summary>Removes and returns the oldest waiter, or null. Call under <see cref="Gate"/>.</summary>
    internal WaitNode? Dequeue()
    {
        var n = _head;
        if (n is null) return null;
        Unlink(n);
        return n;
    }

    /// <summary>Removes a cancelled waiter; a no-op if a waker already took it.</summary>
    internal void Remove(WaitNode node)
    {
        lock (Gate)
        {
            if (node.Queue == this) Unlink(node);
        }
    }

    private void Unlink(WaitNode n)
    {
        if (n.Prev is null) _head = n.Next; else n.Prev.Next = n.Next;
        if (n.Next is null) _tail = n.Prev; else n.Next.Prev = n.Prev;
        n.Prev = n.Next = null;
        n.Queue = null;
        Count--;
    }
}
