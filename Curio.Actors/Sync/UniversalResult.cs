using System.Runtime.ExceptionServices;

namespace Curio.Actors;

/// <summary>
/// A value or exception shared by tasks and plain threads (Curio's <c>UniversalResult</c>): set it from anywhere;
/// a task awaits <see cref="UnwrapAsync"/>, a thread calls the blocking <see cref="Unwrap"/>. Setting it twice raises
/// <see cref="InvalidOperationException"/> (Curio overwrites silently).
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class UniversalResult<T>
{
    private readonly UniversalEvent _event = new();
    private readonly object _gate = new();
    private bool _set;
    private T _value = default!;
    private ExceptionDispatchInfo? _error;

    /// <summary>True once a value or an exception was set.</summary>
    public bool IsSet => _event.IsSet;

    /// <summary>Sets the value and wakes every waiter. From any context, never blocks.</summary>
    public void SetValue(T value)
    {
        lock (_gate)
        {
            Claim();
            _value = value;
        }
        _event.Set();
    }

    /// <summary>Sets the exception the waiters will see. From any context, never blocks.</summary>
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

    /// <summary>
    /// Waits until set, then returns the value or raises the exception. In a task, a cancellation point; outside any
    /// task, a .NET wait that <paramref name="cancellationToken"/> can cancel.
    /// </summary>
    public async ValueTask<T> UnwrapAsync(CancellationToken cancellationToken = default)
    {
        await _event.WaitAsync(cancellationToken);
        _error?.Throw();
        return _value;
    }

    /// <summary>Blocks the calling thread until set, then returns the value or raises the exception. For plain threads.</summary>
    public T Unwrap(CancellationToken cancellationToken = default)
    {
        UniversalGuards.NotInTask("UniversalResult.Unwrap", "UnwrapAsync");
        _event.Wait(cancellationToken);
        _error?.Throw();
        return _value;
    }

    private void Claim()
    {
        if (_set) throw new InvalidOperationException("Result already set: a UniversalResult takes one value or one exception.");
        _set = true;
    }
}
