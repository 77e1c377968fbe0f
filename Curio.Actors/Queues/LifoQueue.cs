namespace Curio.Actors;

/// <summary>A task queue that hands out the last item put first (Curio's <c>LifoQueue</c>). Same API as <see cref="CurioQueue{T}"/>.</summary>
/// <typeparam name="T">The items' type.</typeparam>
public sealed class LifoQueue<T> : CurioQueue<T>
{
    /// <summary>Creates a LIFO queue; <paramref name="maxSize"/> 0 means unbounded; a <paramref name="name"/> as for <see cref="CurioQueue{T}"/>.</summary>
    public LifoQueue(int maxSize = 0, string? name = null) : base(maxSize, new LifoStore<T>(), name) { }
}
