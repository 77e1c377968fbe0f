namespace Curio.Actors;

/// <summary>
/// A value or an exception that some task will provide (Curio's <c>Result</c>). <see cref="UnwrapAsync"/> waits for
/// it and returns the value or raises the exception. Unlike Curio, which silently overwrites, setting a result twice
/// raises <see cref="InvalidOperationException"/> (a second producer is almost always a bug).
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class Result<T>
{
    private readonly Event _event = new();
    private readonly ResultSlot<T> _slot = new("Result");

    /// <summary>True once a value or an exception was set.</summary>
    public bool IsSet => _event.IsSet;

    /// <summary>Sets the value and wakes the waiters. Never blocks.</summary>
    public void SetValue(T value)
    {
        _slot.SetValue(value);
        _event.Set();
    }

    /// <summary>Sets the exception that <see cref="UnwrapAsync"/> will raise, and wakes the waiters. Never blocks.</summary>
    public void SetException(Exception exception)
    {
        _slot.SetException(exception);
        _event.Set();
    }

    /// <summary>Waits until set (state EVENT_WAIT, a cancellation point if it has to wait), then returns the value or raises the exception.</summary>
    public async ValueTask<T> UnwrapAsync()
    {
        await _event.WaitAsync();
        return _slot.Unwrap();
    }
}
