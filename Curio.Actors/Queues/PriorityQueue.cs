namespace Curio.Actors;

/// <summary>
/// A task queue that hands out the smallest item first (Curio's <c>PriorityQueue</c>, heap order; equal items come
/// out in no particular order). Same API and guarantees as <see cref="CurioQueue{T}"/>.
/// </summary>
/// <typeparam name="T">The items' type, ordered by <see cref="Comparer{T}.Default"/> or the given comparer.</typeparam>
public sealed class PriorityQueue<T> : CurioQueue<T>
{
    /// <summary>Creates a priority queue; <paramref name="maxSize"/> 0 means unbounded; a <paramref name="name"/> as for <see cref="CurioQueue{T}"/>.</summary>
    public PriorityQueue(int maxSize = 0, IComparer<T>? comparer = null, string? name = null) : base(maxSize, new HeapStore<T>(comparer), name) { }
}
