using System.Diagnostics;
using static Curio.Actors.Async;

namespace Curio.Actors.TestKit;

/// <summary>
/// Measures how long a kernel was held up: a task that sleeps one tick at a time and records, in wall-clock time,
/// the longest gap between two of its wake-ups. Start it beside the work to watch, in a Sequential kernel on the
/// system clock; the stall is that gap less one tick (it includes the machine's own noise: compare with a run of the
/// ticker alone).
/// </summary>
public sealed class StallTicker
{
    private readonly CurioTask<TimeSpan> _task;
    private volatile bool _stop;

    private StallTicker(TimeSpan tick)
    {
        Tick = tick;
        _task = Spawn(RunAsync, name: "stall-ticker");
    }

    /// <summary>The ticker's period.</summary>
    public TimeSpan Tick { get; }

    /// <summary>Starts a ticker task in the current kernel (from inside a task); 5 ms ticks unless told.</summary>
    public static StallTicker Start(TimeSpan? tick = null) => new(tick ?? TimeSpan.FromMilliseconds(5));

    /// <summary>Stops the ticker at its next wake-up and returns the longest stall it saw: its longest gap less one tick.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        _stop = true;
        var worst = await _task.JoinAsync();
        return worst > Tick ? worst - Tick : TimeSpan.Zero;
    }

    private async Task<TimeSpan> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        var worst = TimeSpan.Zero;
        while (!_stop)
        {
            await Sleep(Tick);
            var now = clock.Elapsed;
            if (now - last > worst) worst = now - last;
            last = now;
        }
        return worst;
    }
}
