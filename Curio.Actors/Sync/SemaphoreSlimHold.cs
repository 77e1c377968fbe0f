namespace Curio.Actors;

/// <summary>A hold of a <see cref="SemaphoreSlim"/> for a task: no thread affinity, so its WaitAsync is awaited directly.</summary>
internal sealed class SemaphoreSlimHold(SemaphoreSlim semaphore) : IReleasable
{
    private int _released;

    internal static async ValueTask<Releaser> AcquireAsync(SemaphoreSlim semaphore)
    {
        if (semaphore.Wait(0)) return new Releaser(new SemaphoreSlimHold(semaphore));
        using var cts = new CancellationTokenSource();
        var wait = semaphore.WaitAsync(cts.Token);
        try
        {
            await Async.Await(wait);
        }
        catch (CancelledError)
        {
            // If the wait succeeded anyway (a race with the cancel), give the unit back: nothing leaks.
            cts.Cancel();
            _ = wait.ContinueWith(t => { if (t.IsCompletedSuccessfully) semaphore.Release(); }, TaskScheduler.Default);
            throw;
        }
        return new Releaser(new SemaphoreSlimHold(semaphore));
    }

    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) throw new InvalidOperationException("Abide hold already released: release it once.");
        semaphore.Release();
    }

    public ValueTask ReleaseAsync()
    {
        Release();
        return default;
    }
}
