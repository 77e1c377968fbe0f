namespace Curio.Actors;

/// <summary>Something a <see cref="Releaser"/> gives back when its scope ends: a held lock or semaphore unit.</summary>
internal interface IReleasable
{
    /// <summary>Releases the hold; never blocks and is never a cancellation point.</summary>
    void Release();

    /// <summary>Releases the hold and completes once it is really free (a thread lock held by a helper thread).</summary>
    ValueTask ReleaseAsync();
}
