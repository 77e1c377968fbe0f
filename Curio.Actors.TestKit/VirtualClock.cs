using Curio.Actors.Engine;

namespace Curio.Actors.TestKit;

/// <summary>
/// Virtual time for kernels under test. Time moves only when the spec says so (<see cref="Advance"/>,
/// <see cref="JumpToNextTimer"/>), or, with <see cref="AutoJump"/>, by itself whenever every task of the kernels that
/// use the clock is blocked and nothing is in flight (Trio's autojump clock): the clock then jumps straight to the
/// next timer. A 30-second timeout therefore runs in microseconds, in the same order every time.
/// Tasks that wait on real work outside the kernel through <c>Async.Await</c> (threads, processes, I/O) keep the
/// kernel busy, so the clock never jumps past them; a body that awaits a raw .NET task does not, and may see time jump.
/// </summary>
public sealed class VirtualClock : TimeProvider, IKernelIdleObserver
{
    private readonly object _gate = new();
    private readonly SortedSet<VirtualTimer> _timers = new(VirtualTimer.DueOrder);
    private readonly List<KernelCore> _kernels = new();
    private readonly DateTimeOffset _epoch;
    private long _now; // ticks since the epoch
    private long _sequence;
    private int _firing; // timers popped and not yet fired (under _gate)
    private volatile bool _autoJump;

    /// <summary>Creates a clock, jumping by itself when <paramref name="autoJump"/> is true.</summary>
    public VirtualClock(bool autoJump = true, DateTimeOffset? epoch = null)
    {
        _autoJump = autoJump;
        _epoch = epoch ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Whether the clock jumps to the next timer by itself when the kernels are idle.</summary>
    public bool AutoJump
    {
        get => _autoJump;
        set
        {
            _autoJump = value;
            if (value) ScheduleIdleCheck();
        }
    }

    /// <summary>Virtual time elapsed since the clock was created.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _now));

    /// <summary>Timers armed and not yet fired.</summary>
    public int PendingTimers { get { lock (_gate) return _timers.Count; } }

    /// <summary>How many times the clock has jumped by itself.</summary>
    public int Jumps => Volatile.Read(ref _jumps);

    private int _jumps;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _epoch + Elapsed;

    /// <inheritdoc />
    public override long GetTimestamp() => Interlocked.Read(ref _now);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="by"/>, firing every timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "Time cannot go backwards.");
        var target = Interlocked.Read(ref _now) + by.Ticks;
        while (FireNext(target)) { }
        lock (_gate) if (_now < target) Interlocked.Exchange(ref _now, target);
    }

    /// <summary>Jumps to the next armed timer and fires it. False if none is armed.</summary>
    public bool JumpToNextTimer() => FireNext(long.MaxValue);

    /// <summary>Lets the clock jump for this kernel whenever the kernel goes idle.</summary>
    public void Attach(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (!ReferenceEquals(kernel.Options.TimeProvider, this))
            throw new ArgumentException("The kernel does not run on this clock: pass the clock as KernelOptions.TimeProvider.", nameof(kernel));
        lock (_gate) _kernels.Add(kernel.Core);
        kernel.Core.IdleObserver = this;
        ScheduleIdleCheck();
    }

    void IKernelIdleObserver.KernelIdle(KernelCore kernel)
    {
        if (_autoJump) ScheduleIdleCheck();
    }

    private void ScheduleIdleCheck()
    {
        KernelCore[] kernels;
        lock (_gate) kernels = _kernels.ToArray();
        if (kernels.Length == 0) return;
        var epochs = kernels.Select(k => k.Epoch).ToArray();
        // Checked off the kernel thread, and only if nothing happened in between: a jump never races a running task.
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            if (!_autoJump) return;
            bool StillIdle()
            {
                for (var i = 0; i < kernels.Length; i++)
                    if (!kernels[i].IsShutDown && (!kernels[i].IsIdle || kernels[i].Epoch != epochs[i])) return false;
                return true;
            }
            if (FireNext(long.MaxValue, StillIdle))
            {
                Interlocked.Increment(ref _jumps);
                ScheduleIdleCheck(); // the timer may have woken no task: look again (the epoch check keeps this safe)
            }
        }, null);
    }

    private bool FireNext(long limit, Func<bool>? stillIdle = null)
    {
        VirtualTimer timer;
        lock (_gate)
        {
            // Checked under the clock's lock, right before time moves: nothing ran since the kernels went idle.
            // A timer being fired by another thread may not have woken its task yet: wait for it to finish.
            if (stillIdle is not null && (_firing > 0 || !stillIdle())) return false;
            if (_timers.Count == 0) return false;
            timer = _timers.Min!;
            if (timer.Due > limit) return false;
            _timers.Remove(timer);
            if (timer.Due > _now) Interlocked.Exchange(ref _now, timer.Due);
            if (timer.Period > 0) Arm(timer, _now + timer.Period, timer.Period);
            else timer.Due = long.MaxValue;
            _firing++;
        }
        try
        {
            timer.Fire();
        }
        finally
        {
            lock (_gate) _firing--;
        }
        return true;
    }

    private void Arm(VirtualTimer timer, long due, long period)
    {
        timer.Due = due;
        timer.Period = period;
        timer.Sequence = ++_sequence;
        _timers.Add(timer);
    }

    internal void Change(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan || timer.Disposed) return;
            var due = _now + Math.Max(0, dueTime.Ticks);
            Arm(timer, due, period == Timeout.InfiniteTimeSpan ? 0 : Math.Max(0, period.Ticks));
        }
        if (_autoJump) ScheduleIdleCheck();
    }

    internal void Remove(VirtualTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }
}

/// <summary>A timer of a <see cref="VirtualClock"/>.</summary>
internal sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
{
    internal static readonly IComparer<VirtualTimer> DueOrder = Comparer<VirtualTimer>.Create((a, b) =>
        a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Sequence.CompareTo(b.Sequence));

    internal long Due = long.MaxValue;
    internal long Period;
    internal long Sequence;
    internal bool Disposed;

    internal void Fire() => callback(state);

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (Disposed) return false;
        clock.Change(this, dueTime, period);
        return true;
    }

    public void Dispose()
    {
        Disposed = true;
        clock.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
