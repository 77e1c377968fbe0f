using System.Runtime.ExceptionServices;

namespace Curio.Actors;

/// <summary>The value-or-exception store behind <see cref="Result{T}"/> and <see cref="UniversalResult{T}"/>: set once.</summary>
internal sealed class ResultSlot<T>(string owner)
{
    private readonly object _gate = new();
    private bool _set;
    private T _value = default!;
    private ExceptionDispatchInfo? _error;

    internal void SetValue(T value)
    {
        lock (_gate)
        {
            Claim();
            _value = value;
        }
    }

    internal void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (_gate)
        {
            Claim();
            _error = ExceptionDispatchInfo.Capture(exception);
        }
    }

    /// <summary>The value, or the exception rethrown with its original stack. Call once the owner's event is set.</summary>
    internal T Unwrap()
    {
        lock (_gate)
        {
            _error?.Throw();
            return _value;
        }
    }

    private void Claim()
    {
        if (_set) throw new InvalidOperationException($"Result already set: a {owner} takes one value or one exception.");
        _set = true;
    }
}
