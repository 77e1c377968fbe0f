namespace Curio.Actors;

public static partial class Async
{
    /// <summary>
    /// Acquires a thread lock from a task without blocking other tasks (Curio's historic <c>abide</c>), so tasks and
    /// plain threads can share one lock: <c>await using (await Async.Abide(threadLock)) { ... }</c>.
    /// Accepts a <see cref="System.Threading.Lock"/>, any other reference object (used with <see cref="Monitor"/>, as
    /// C#'s <c>lock</c> statement does), <see cref="SemaphoreSlim"/>, <see cref="System.Threading.Semaphore"/>,
    /// <see cref="Mutex"/> and <see cref="ReaderWriterLockSlim"/> (its write lock; see
    /// <see cref="Abide(ReaderWriterLockSlim, bool)"/>). Curio's own primitives are simply acquired.
    /// Locks with thread affinity (Monitor, Lock, Mutex, ReaderWriterLockSlim) are taken and given back by one
    /// dedicated thread per hold, so the kernel thread never blocks. The wait is a cancellation point honouring
    /// timeouts; a hold cancelled while waiting never leaks the lock (if the helper thread gets it late, it releases it
    /// at once). Releasing (disposing the <see cref="Releaser"/>) completes once the lock is really free.
    /// </summary>
    public static ValueTask<Releaser> Abide(object threadLock)
    {
        ArgumentNullException.ThrowIfNull(threadLock);
        var me = CurioTask.Require(nameof(Abide));
        switch (threadLock)
        {
            case Lock l: return l.AcquireAsync();
            case RLock r: return r.AcquireAsync();
            case Semaphore s: return s.AcquireAsync();
            case Condition c: return c.AcquireAsync();
            case SemaphoreSlim slim: return SemaphoreSlimHold.AcquireAsync(slim);
            case System.Threading.Lock tl: return new ThreadLockHold(me, tl.TryEnter, tl.Exit).AcquireAsync();
            case Mutex m: return new ThreadLockHold(me, t => WaitMutex(m, t), m.ReleaseMutex).AcquireAsync();
            case System.Threading.Semaphore sem: return new ThreadLockHold(me, sem.WaitOne, () => sem.Release()).AcquireAsync();
            case ReaderWriterLockSlim rw: return Abide(rw, write: true);
            case ValueType:
                throw new ArgumentException($"Abide needs a lock object; a {threadLock.GetType().Name} value would be boxed afresh on every call and lock nothing.", nameof(threadLock));
            default: return new ThreadLockHold(me, t => Monitor.TryEnter(threadLock, t), () => Monitor.Exit(threadLock)).AcquireAsync();
        }
    }

    /// <summary>Abide on a <see cref="System.Threading.Lock"/> (typed, so C# does not warn about a Lock seen as an object).</summary>
    public static ValueTask<Releaser> Abide(System.Threading.Lock threadLock)
    {
        if (threadLock is null) throw new ArgumentNullException(nameof(threadLock));
        return new ThreadLockHold(CurioTask.Require(nameof(Abide)), threadLock.TryEnter, threadLock.Exit).AcquireAsync();
    }

    /// <summary>Abide on a <see cref="ReaderWriterLockSlim"/>: its write lock, or its read lock when <paramref name="write"/> is false.</summary>
    public static ValueTask<Releaser> Abide(ReaderWriterLockSlim threadLock, bool write)
    {
        ArgumentNullException.ThrowIfNull(threadLock);
        var me = CurioTask.Require(nameof(Abide));
        return write
            ? new ThreadLockHold(me, threadLock.TryEnterWriteLock, threadLock.ExitWriteLock).AcquireAsync()
            : new ThreadLockHold(me, threadLock.TryEnterReadLock, threadLock.ExitReadLock).AcquireAsync();
    }

    private static bool WaitMutex(Mutex m, TimeSpan timeout)
    {
        try
        {
            return m.WaitOne(timeout);
        }
        catch (AbandonedMutexException)
        {
            return true; // the previous owner died holding it; we now own it
        }
    }
}
