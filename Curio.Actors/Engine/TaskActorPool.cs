using System.Collections.Concurrent;
using Akka.Actor;

namespace Curio.Actors.Engine;

/// <summary>
/// The kernel's idle task actors. Creating an actor is the dearest part of a spawn (Akka's ActorOf, then a GC
/// that has to promote it), so an actor whose task ended waits here for the next spawn. The pool keeps as many as
/// were busy at once recently (the high-water mark, at most <see cref="KernelOptions.MaxIdleTaskActors"/>): a
/// program that runs 100k tasks at once in waves finds its actors again in the next wave. After a burst the surplus
/// is stopped by a trim every few seconds of real time (<see cref="KernelOptions.PoolTrimInterval"/>), once the peak of the burst has aged out of two windows.
/// </summary>
internal sealed class TaskActorPool(int max, TimeSpan window) : IDisposable
{
    // Below this many idle actors no trim timer runs: what is kept is small, and an idle kernel has no timer.
    private const int TrimFloor = 1024;

    private readonly ConcurrentStack<IActorRef> _idle = new();
    private readonly object _timerGate = new();
    private int _idleCount;
    private int _busy;        // pooled actors hosting a task now
    private int _peak;        // the most busy at once in this window (approximate under Parallel: a lost race only keeps fewer)
    private int _peakBefore;  // ... and in the window before it
    private Timer? _trim;
    private bool _closed;

    /// <summary>Idle actors now (for specs and the monitor).</summary>
    internal int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>An idle actor, or null: the caller creates one. Either way the actor now counts as busy.</summary>
    internal IActorRef? Take()
    {
        var busy = Interlocked.Increment(ref _busy);
        if (busy > Volatile.Read(ref _peak)) Volatile.Write(ref _peak, busy);
        if (!_idle.TryPop(out var actor)) return null;
        Interlocked.Decrement(ref _idleCount);
        return actor;
    }

    /// <summary>
    /// An actor whose task ended offers itself (<paramref name="keep"/> false: the kernel is shutting down). False:
    /// the pool keeps no more, the actor stops.
    /// </summary>
    internal bool Return(IActorRef actor, bool keep)
    {
        Interlocked.Decrement(ref _busy);
        if (!keep || Volatile.Read(ref _closed)) return false;
        var limit = Math.Min(max, Math.Max(Volatile.Read(ref _peak), Volatile.Read(ref _peakBefore)));
        if (Interlocked.Increment(ref _idleCount) > limit)
        {
            Interlocked.Decrement(ref _idleCount);
            return false;
        }
        _idle.Push(actor);
        if (Volatile.Read(ref _idleCount) > TrimFloor && Volatile.Read(ref _trim) is null) StartTrimming();
        return true;
    }

    private void StartTrimming()
    {
        lock (_timerGate)
        {
            if (_trim is null && !_closed) _trim = new Timer(static s => ((TaskActorPool)s!).Trim(), this, window, window);
        }
    }

    /// <summary>
    /// Rolls the window and stops the idle actors beyond the recent peak. Runs on a timer thread: the Tell that
    /// stops an actor is safe from any thread, and an actor popped here cannot be taken by a spawn as well.
    /// </summary>
    internal void Trim()
    {
        var busy = Volatile.Read(ref _busy);
        Volatile.Write(ref _peakBefore, Volatile.Read(ref _peak));
        Volatile.Write(ref _peak, busy);
        var keep = Math.Min(max, Math.Max(busy, Volatile.Read(ref _peakBefore))) - busy;
        while (Volatile.Read(ref _idleCount) > keep && _idle.TryPop(out var actor))
        {
            Interlocked.Decrement(ref _idleCount);
            actor.Tell(StopWhenDrained.Instance, ActorRefs.NoSender);
        }
        if (Volatile.Read(ref _idleCount) > TrimFloor) return;
        lock (_timerGate)
        {
            _trim?.Dispose();
            _trim = null;
        }
    }

    /// <summary>At shutdown: the idle actors stop with the kernel actor; no trim runs any more.</summary>
    public void Dispose()
    {
        lock (_timerGate)
        {
            _closed = true;
            _trim?.Dispose();
            _trim = null;
        }
        while (_idle.TryPop(out _)) { }
        Volatile.Write(ref _idleCount, 0);
    }
}
