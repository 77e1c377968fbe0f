namespace Curio.Actors;

/// <summary>
/// A <see cref="Semaphore"/> that refuses to be released past its initial value (Curio's historic
/// <c>BoundedSemaphore</c>, removed there in 2019): such a release raises <see cref="InvalidOperationException"/>
/// (Curio raised ValueError) and changes nothing.
/// </summary>
public sealed class BoundedSemaphore : Semaphore
{
    /// <summary>Creates a bounded semaphore with <paramref name="value"/> free units, which is also its bound.</summary>
    public BoundedSemaphore(int value = 1) : base(value) => Bound = value;

    /// <summary>The most units the semaphore can hold.</summary>
    public int Bound { get; }

    private protected override void CheckBound(int value)
    {
        if (value >= Bound)
            throw new InvalidOperationException($"BoundedSemaphore released too many times: its value is already at its bound {Bound}.");
    }
}
