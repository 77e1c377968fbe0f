using Akka.Event;
using Curio.Actors.Engine;

namespace Curio.Actors;

public static partial class Async
{
    /// <summary>
    /// Sleeps for <paramref name="delay"/> and returns the kernel clock at wake-up (Curio's <c>sleep</c>).
    /// <c>Sleep(TimeSpan.Zero)</c> is a fair yield to the back of the ready queue. Always a cancellation point.
    /// </summary>
    public static ValueTask<TimeSpan> Sleep(TimeSpan delay)
    {
        var me = CurioTask.Require(nameof(Sleep));
        me.ThrowIfCancelPending();
        return me.Park(new SleepNode(me, delay), "TIME_SLEEP");
    }

    /// <summary>The kernel's monotonic clock (Curio's <c>clock</c>). Non-blocking, never a cancellation point.</summary>
    public static TimeSpan Clock() => CurioTask.Require(nameof(Clock)).Core.Clock;

    /// <summary>
    /// Curio's deadline, clock + seconds. A negative timeout is a deadline already past, so it fires at the first
    /// blocking call, as Curio's does (it is taken as zero, which orders the same against every other deadline);
    /// <see cref="Timeout.InfiniteTimeSpan"/> and spans too long for the clock are no deadline, as None is.
    /// </summary>
    private static TimeSpan? DeadlineFor(TimeSpan clock, TimeSpan? timeout) => timeout switch
    {
        null => null,
        { } t when t == Timeout.InfiniteTimeSpan || t >= TimeSpan.MaxValue - clock => null,
        { } t when t < TimeSpan.Zero => clock,
        { } t => clock + t,
    };

    private static async Task<T> RunTimeoutBlock<T>(TimeSpan? timeout, Func<Task<T>> body, bool ignore, T timeoutResult)
    {
        ArgumentNullException.ThrowIfNull(body);
        var me = CurioTask.Require(ignore ? nameof(IgnoreAfter) : nameof(TimeoutAfter));
        var deadline = DeadlineFor(me.Core.Clock, timeout);
        var deadlines = me.Deadlines;
        deadlines.Add(deadline);
        var depth = deadlines.Count;
        var prior = me.SetTimeout(deadline);
        try
        {
            T result;
            try
            {
                result = await body();
            }
            catch (Exception e) when (e is TaskTimeout or TimeoutCancellationError)
            {
                me.UnsetTimeout(prior);
                var clock = e is TaskTimeout tt ? tt.Clock : ((TimeoutCancellationError)e).Clock;
                // The outermost stacked deadline that has passed owns the timeout.
                var owner = -1;
                for (var i = 0; i < depth; i++)
                {
                    if (deadlines[i] is { } d && d <= clock) { owner = i; break; }
                }
                if (owner < 0) throw new UncaughtTimeoutError("Uncaught timeout received: a TaskTimeout escaped the block that owned it.", e);
                if (owner < depth - 1)
                {
                    if (e is TaskTimeout) throw new TimeoutCancellationError(clock, e);
                    throw;
                }
                if (ignore) return timeoutResult;
                if (e is TimeoutCancellationError) throw new TaskTimeout(clock, e.Message, e);
                throw;
            }
            catch
            {
                me.UnsetTimeout(prior);
                throw;
            }
            var now = me.UnsetTimeout(prior);
            if (deadline is { } dl && now > dl)
                me.Core.Log.Warning("Timeout block of task {0} ({1}) ended {2:0.000} s past its deadline without a blocking call to deliver it",
                    me.Id, me.Name, (now - dl).TotalSeconds);
            return result;
        }
        finally
        {
            deadlines.RemoveAt(depth - 1);
        }
    }
}
