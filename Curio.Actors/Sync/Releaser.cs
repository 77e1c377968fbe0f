namespace Curio.Actors;

/// <summary>
/// A hold on a lock, semaphore or condition, returned by <c>AcquireAsync</c> (Curio's <c>async with</c>):
/// <c>await using (await lck.AcquireAsync()) { ... }</c> releases it when the block ends, however it ends.
/// Disposing a default (empty) releaser does nothing. Release is never a cancellation point.
/// </summary>
public readonly struct Releaser : IAsyncDisposable, IDisposable
{
    private readonly IReleasable? _target;

    internal Releaser(IReleasable target) => _target = target;

    /// <summary>Releases the hold (the same as calling the primitive's <c>Release</c>).</summary>
    public ValueTask DisposeAsync() => _target?.ReleaseAsync() ?? default;

    /// <summary>Releases the hold synchronously, for a plain <c>using</c>.</summary>
    public void Dispose() => _target?.Release();
}
