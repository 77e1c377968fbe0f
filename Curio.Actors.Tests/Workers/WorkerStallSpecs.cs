using System.Diagnostics;
using Curio.Actors.TestKit;
using Xunit.Abstractions;
using static Curio.Actors.Async;
using F = Curio.Actors.Tests.Workers.ProcessFunctions;

namespace Curio.Actors.Tests.Workers;

/// <summary>
/// Work in processes never stalls the kernel: starting a worker, calling it, and killing it on a cancel or a
/// timeout all happen off the kernel's strand, so a ticker task beside it keeps time.
/// </summary>
public class WorkerStallSpecs(ITestOutputHelper output) : WorkerSpec
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private const int Rounds = 3;

    // Bounds on the best of three rounds, so that a starved core in one round does not fail the spec. What runs on
    // the strand now takes microseconds (at load 45: a warm first call 0.1-0.2 ms, a warm cancel 0.1-0.3 ms end to
    // end). Before, at load 27: a warm first call 3-5 ms (Process.Start under the pool's lock; 175 ms cold, with the
    // JSON set-up), a cancel 87-264 ms (the tree kill's walk of /proc).
    private static readonly TimeSpan FirstCallBound = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan CancelBound = TimeSpan.FromMilliseconds(10);

    // A timeout lands on time, and the ticker is never held up long. The ticker's gap also holds the machine's noise
    // (a GC, a starved core): up to 190 ms at load 30, 520 ms in one round with a full build beside the suite; before,
    // 140-205 ms in every round at load 27. No round may come near a hang.
    private static readonly TimeSpan TimeoutBound = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan TickerBound = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(3);

    private sealed record Round(TimeSpan Stall, TimeSpan FirstCall, TimeSpan Cancel, TimeSpan TimeoutLate);

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"curio-stall-{Guid.NewGuid():N}");

    /// <summary>Waits inside a task, on the kernel's clock, until the file holds a pid; returns it.</summary>
    private static async Task<int> PidWrittenTo(string path) => await TimeoutAfter(Limit, async () =>
    {
        while (!File.Exists(path) || File.ReadAllText(path).Length == 0) await Sleep(TimeSpan.FromMilliseconds(2));
        return int.Parse(File.ReadAllText(path));
    });

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_ticker_keeps_time_while_a_worker_is_started_called_cancelled_and_timed_out(SchedulingMode mode)
    {
        var rounds = new List<Round>();
        for (var i = 0; i < Rounds; i++) rounds.Add(await OneRound(mode));
        foreach (var r in rounds)
            output.WriteLine($"{mode}: longest stall {Ms(r.Stall)} (ticks of {Ms(Tick)}), first call returned in {Ms(r.FirstCall)}, " +
                $"cancel took {Ms(r.Cancel)}, timeout late by {Ms(r.TimeoutLate)}");
        var firstCall = rounds.Min(r => r.FirstCall);
        var cancel = rounds.Min(r => r.Cancel);
        Assert.True(firstCall < FirstCallBound, $"the first RunInProcess of a kernel held the strand {Ms(firstCall)}");
        Assert.True(cancel < CancelBound, $"a cancel mid-call took {Ms(cancel)}");
        var timeoutLate = rounds.Min(r => r.TimeoutLate);
        var stall = rounds.Min(r => r.Stall);
        Assert.True(timeoutLate < TimeoutBound, $"a timeout mid-call landed {Ms(timeoutLate)} late");
        Assert.True(stall < TickerBound, $"the ticker was held up {Ms(stall)}");
        Assert.All(rounds, r => Assert.True(r.Stall < HangBound && r.TimeoutLate < HangBound, $"a round came near a hang: {r}"));
    }

    /// <summary>On a fresh kernel (so a fresh pool): its first call, a warm call, a cancel mid-call, a timeout mid-call.</summary>
    private async Task<Round> OneRound(SchedulingMode mode)
    {
        var kernel = NewKernel(mode, virtualTime: false); // real time: the ticks measure the strand
        var cancelled = TempFile();
        var timedOut = TempFile();
        try
        {
            var r = await RunIn(kernel, async () =>
            {
                var ticker = StallTicker.Start(Tick);
                await Sleep(Tick * 4);

                // The first call starts the kernel's worker: the call itself must return at once.
                var sw = Stopwatch.StartNew();
                var first = RunInProcess(F.Pid);
                var firstCall = sw.Elapsed;
                var firstPid = await first;
                var fib = await RunInProcess(F.Fib, 20);

                // A cancel mid-call kills the worker; the cancelled task ends at once.
                var hanging = Spawn(async () => await RunInProcess(F.Hang, cancelled));
                var hangPid = await PidWrittenTo(cancelled);
                sw.Restart();
                await hanging.CancelAsync();
                var cancel = sw.Elapsed;

                // A timeout mid-call kills the worker too (a fresh one: the last was killed; warmed first so that the
                // deadline falls while the call runs).
                var freshPid = await RunInProcess(F.Pid);
                var timeout = TimeSpan.FromMilliseconds(200);
                sw.Restart();
                await Assert.ThrowsAsync<TaskTimeout>(() => TimeoutAfter(timeout, async () => await RunInProcess(F.Hang, timedOut)));
                var timeoutLate = sw.Elapsed - timeout;
                var timeoutPid = await PidWrittenTo(timedOut);
                var stall = await ticker.StopAsync();
                return (Round: new Round(stall, firstCall, cancel, timeoutLate), firstPid, fib, hangPid, freshPid, timeoutPid, hanging.Exception);
            });
            Assert.Equal(6765, r.fib);
            Assert.IsType<TaskCancelled>(r.Exception);
            Assert.Equal(r.firstPid, r.hangPid); // the warm worker served the call that was cancelled
            Assert.Equal(r.freshPid, r.timeoutPid);
            Until(() => !Alive(r.hangPid) && !Alive(r.timeoutPid)); // both killed and reaped
            await kernel.ShutdownAsync().WaitAsync(Limit);
            return r.Round;
        }
        finally
        {
            File.Delete(cancelled);
            File.Delete(timedOut);
        }
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0.0} ms";
}
