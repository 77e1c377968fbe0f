namespace Curio.Actors;

/// <summary>A FIFO of <see cref="Waker{TWake}"/>s guarded by the owning primitive's gate (like the kernel's WaitQueue).</summary>
internal sealed class WakerList<TWake>(object gate)
{
    private Waker<TWake>? _head, _tail;

    internal int Count { get; private set; }

    /// <summary>Call under the gate.</summary>
    internal void Enqueue(Waker<TWake> w)
    {
        w.List = this;
        w.Prev = _tail;
        w.Next = null;
        if (_tail is null) _head = w; else _tail.Next = w;
        _tail = w;
        Count++;
    }

    /// <summary>Removes and returns the oldest waiter, or null. Call under the gate.</summary>
    internal Waker<TWake>? Dequeue()
    {
        var w = _head;
        if (w is not null) Unlink(w);
        return w;
    }

    /// <summary>Removes a waiter that gave up; a no-op if a waker already took it.</summary>
    internal void Remove(Waker<TWake> w)
    {
        lock (gate)
        {
            if (w.List == this) Unlink(w);
        }
    }

    /// <summary>Wakes the oldest waiter still waiting with <paramref name="value"/>; returns it, or null if none. Call under the gate.</summary>
    internal Waker<TWake>? WakeOne(TWake value)
    {
        while (Dequeue() is { } w)
            if (w.TryWake(value)) return w;
        return null;
    }

    /// <summary>Wakes every waiter, oldest first. Call under the gate.</summary>
    internal void WakeAll(TWake value)
    {
        while (Dequeue() is { } w) w.TryWake(value);
    }

    private void Unlink(Waker<TWake> w)
    {
        if (w.Prev is null) _head = w.Next; else w.Prev.Next = w.Next;
        if (w.Next is null) _tail = w.Prev; else w.Next.Prev = w.Prev;
        w.Prev = w.Next = null;
        w.List = null;
        Count--;
    }
}
