namespace Curio.Actors;

/// <summary>A task queue that hands out the last item put first (Curio's <c>LifoQueue</c>). Same API as <see cref="Queue{T}"/>.</summary>
/// <typeparam name="T">The items' type.</typeparam>
public sealed class LifoQueue<T> : Queue<T>
{
    /// <summary>Creates a LIFO queue; <paramref name="maxSize"/> 0 means unbounded.</summary>
    public LifoQueue(int maxSize = 0) : base(maxSize, new LifoStore<T>()) { }
}
