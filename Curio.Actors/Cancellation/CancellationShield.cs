using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// The scope returned by <see cref="Async.DisableCancellation()"/>; disposing it allows delivery again
/// (unless an enclosing shield is still in force).
/// </summary>
public sealed class CancellationShield : IDisposable, IAsyncDisposable
{
    private readonly CurioTask _task;
    private bool _disposed;

    internal CancellationShield(CurioTask task) => _task = task;

    /// <summary>Ends the shielded region.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (CurioTask.Current != _task)
            throw new InvalidOperationException("A cancellation shield must be disposed by the task that created it.");
        _disposed = true;
        _task.DisableDepth--;
    }

    /// <summary>Ends the shielded region (for <c>await using</c>).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
