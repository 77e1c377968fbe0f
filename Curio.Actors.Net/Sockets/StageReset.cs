namespace Curio.Actors.Net;

/// <summary>
/// A connection stage's reset callback, which may be fired before the stage has started (a socket closed at once):
/// the stage then resets as soon as it attaches.
/// </summary>
internal sealed class StageReset
{
    private readonly object _gate = new();
    private Action? _reset;
    private bool _requested;

    /// <summary>Called by the stage when it starts; true if a reset was asked for before, which the stage then does.</summary>
    internal bool Attach(Action reset)
    {
        lock (_gate)
        {
            _reset = reset;
            return _requested;
        }
    }

    /// <summary>Resets the stage now, or when it starts; once.</summary>
    internal void Fire()
    {
        Action? reset;
        lock (_gate)
        {
            _requested = true;
            reset = _reset;
            _reset = null;
        }
        reset?.Invoke();
    }
}
