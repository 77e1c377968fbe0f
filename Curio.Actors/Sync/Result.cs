using System.Runtime.ExceptionServices;

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
    private readonly object _gate = new();
    private bool _set;
    private T _value = default!;
    private ExceptionDispatchInfo? _error;

    /// <summary>True once a value or an exception was set.</summary>
    public bool IsSet => _event.IsSet;

    /// <summary>Sets the value and wakes the waiters. Never blocks.</summary>
    public void SetValue(T value)
    {
        lock (_gate)
        {
            Claim();
            _value = value;
        }
        _event.Set();
    }

    /// <summary>Sets the exception that <see cref="UnwrapAsync"/> will raise, and wakes the waiters. Never blocks.</summary>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (_gate)
        {
            Claim();
            _error = ExceptionDispatchInfo.Capture(exception);
        }
        _event.Set();
    }

    /// <summary>Waits until set (state EVENT_WAIT, a cancellation point if it has to wait), then returns the value or raises the exception.</summary>
    public async ValueTask<T> UnwrapAsync()
    {
        await _event.WaitAsync();
        _error?.Throw();
        return _value;
    }

    private void Claim()
    {
        if (_set) throw new InvalidOperationException("Result already set: a Result takes one value or one exception.");
        _set = true;
    }
}
