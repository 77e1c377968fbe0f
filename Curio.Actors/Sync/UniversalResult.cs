namespace Curio.Actors;

/// <summary>
/// A value or exception shared by tasks and plain threads (Curio's <c>UniversalResult</c>): set it from anywhere;
/// a task awaits <see cref="UnwrapAsync()"/>, a thread calls the blocking <see cref="Unwrap"/>. Setting it twice raises
/// <see cref="InvalidOperationException"/> (Curio overwrites silently).
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class UniversalResult<T>
{
    private readonly UniversalEvent _event = new();
    private readonly ResultSlot<T> _slot = new("UniversalResult");

    /// <summary>True once a value or an exception was set.</summary>
    public bool IsSet => _event.IsSet;

    /// <summary>Sets the value and wakes every waiter. From any context, never blocks.</summary>
    public void SetValue(T value)
    {
        _slot.SetValue(value);
        _event.Set();
    }

    /// <summary>Sets the exception the waiters will see. From any context, never blocks.</summary>
    public void SetException(Exception exception)
    {
        _slot.SetException(exception);
        _event.Set();
    }

    /// <summary>Waits for the value; the form without a token, usable as a method group (<c>TimeoutAfter(t, r.UnwrapAsync)</c>).</summary>
    public ValueTask<T> UnwrapAsync() => UnwrapAsync(default);

    /// <summary>
    /// Waits until set, then returns the value or raises the exception. In a task, a cancellation point; outside any
    /// task, a .NET wait that <paramref name="cancellationToken"/> can cancel.
    /// </summary>
    public async ValueTask<T> UnwrapAsync(CancellationToken cancellationToken = default)
    {
        await _event.WaitAsync(cancellationToken);
        return _slot.Unwrap();
    }

    /// <summary>Blocks the calling thread until set, then returns the value or raises the exception. For plain threads.</summary>
    public T Unwrap(CancellationToken cancellationToken = default)
    {
        UniversalGuards.NotInTask("UniversalResult.Unwrap", "UnwrapAsync");
        _event.Wait(cancellationToken);
        return _slot.Unwrap();
    }
}
