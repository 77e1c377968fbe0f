namespace Curio.Actors;

/// <summary>
/// One hold of a thread-affine lock for a task: a dedicated thread enters the lock, reports it, waits for the release
/// request, and exits it, so entry and exit happen on the same thread and the kernel thread never blocks.
/// </summary>
internal sealed class ThreadLockHold(CurioTask owner, Func<TimeSpan, bool> tryEnter, Action exit) : IReleasable
{
    private const int Waiting = 0, Held = 1, Abandoned = 2, Released = 3;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(10);
    private readonly TaskCompletionSource<bool> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _releaseRequest = new();
    private int _state;

    internal async ValueTask<Releaser> AcquireAsync()
    {
        owner.ThrowIfCancelPending();
        new Thread(Run) { IsBackground = true, Name = $"abide-{owner.Id}" }.Start();
        try
        {
            await Async.Await(_acquired.Task);
        }
        catch
        {
            // Cancelled or timed out: if the thread got the lock meanwhile, it must give it straight back.
            if (Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Held) _releaseRequest.Set();
            throw;
        }
        return new Releaser(this);
    }

    private void Run()
    {
        try
        {
            while (!tryEnter(s_poll))
            {
                if (Volatile.Read(ref _state) == Abandoned)
                {
                    _released.TrySetResult(true);
                    return;
                }
            }
        }
        catch (Exception e)
        {
            _acquired.TrySetException(e);
            _released.TrySetResult(true);
            return;
        }
        if (Interlocked.CompareExchange(ref _state, Held, Waiting) == Waiting) _acquired.TrySetResult(true);
        else _releaseRequest.Set(); // abandoned while we waited
        _releaseRequest.Wait();
        try
        {
            exit();
            _released.TrySetResult(true);
        }
        catch (Exception e)
        {
            _released.TrySetException(e);
        }
    }

    public void Release()
    {
        if (Interlocked.CompareExchange(ref _state, Released, Held) != Held)
            throw new InvalidOperationException("Abide hold already released: release it once.");
        _releaseRequest.Set();
    }

    public ValueTask ReleaseAsync()
    {
        Release();
        return new ValueTask(_released.Task);
    }
}
