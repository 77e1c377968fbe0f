using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// Curio's "one kernel per thread": <c>run</c> inside a running kernel raises RuntimeError, kernels on different
/// threads run side by side. Real kernels (Kernel.Run), each wait bounded: before the check, a nested run deadlocked
/// the outer kernel's strand for good.
/// </summary>
public class KernelReentrySpecs
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private static KernelOptions Options(SchedulingMode mode) => new() { Scheduling = mode };

    // Kernel.Run blocks its caller: run it on a thread of its own, so that a hang fails the spec instead of the run.
    private static Task<T> OnThread<T>(Func<T> run) => Task.Factory.StartNew(run, TaskCreationOptions.LongRunning);

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Kernel_Run_inside_a_task_raises_InvalidOperationException_at_once_and_the_kernel_goes_on(SchedulingMode mode)
    {
        var innerRan = false;
        var outcome = OnThread(() => Kernel.Run(async () =>
        {
            var messages = new List<string>
            {
                Assert.Throws<InvalidOperationException>(() => Kernel.Run(async () => { innerRan = true; await Sleep(TimeSpan.Zero); })).Message,
                Assert.Throws<InvalidOperationException>(() => Kernel.Run(() => { innerRan = true; return Task.FromResult(1); })).Message,
                Assert.Throws<InvalidOperationException>(() => { _ = Kernel.RunAsync(async () => { innerRan = true; await Sleep(TimeSpan.Zero); }); }).Message,
            };
            await Sleep(TimeSpan.FromMilliseconds(1));
            // A child task, after a blocking call, is refused the same way.
            var child = Spawn(async () =>
            {
                await Sleep(TimeSpan.Zero);
                return Assert.Throws<InvalidOperationException>(() => Kernel.Run(async () => { innerRan = true; await Sleep(TimeSpan.Zero); })).Message;
            });
            messages.Add(await child.JoinAsync());
            return messages;
        }, Options(mode)));
        var messages = await outcome.WaitAsync(Limit);
        Assert.Equal(4, messages.Count);
        Assert.All(messages, m => Assert.Contains("a kernel is already running in this task", m));
        Assert.False(innerRan);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task A_worker_thread_of_a_task_may_run_a_kernel_of_its_own(SchedulingMode mode)
    {
        var outcome = OnThread(() => Kernel.Run(async () =>
        {
            var inner = await RunInThread(() => Kernel.Run(async () =>
            {
                await Sleep(TimeSpan.FromMilliseconds(1));
                return CurrentKernel;
            }, Options(mode)));
            return (outer: CurrentKernel, inner);
        }, Options(mode)));
        var (outer, inner) = await outcome.WaitAsync(Limit);
        Assert.NotSame(outer, inner);
        Assert.True(inner.IsShutDown);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential, SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel, SchedulingMode.Parallel)]
    [InlineData(SchedulingMode.Sequential, SchedulingMode.Parallel)]
    public async Task Two_kernels_on_two_threads_run_at_the_same_time(SchedulingMode first, SchedulingMode second)
    {
        const int Rounds = 20;
        var ping = Enumerable.Range(0, Rounds).Select(_ => new UniversalEvent()).ToArray();
        var pong = Enumerable.Range(0, Rounds).Select(_ => new UniversalEvent()).ToArray();
        var log = new List<string>();
        void Note(string s) { lock (log) log.Add(s); }

        // Each kernel waits, in a task, for what the other kernel's task does next: a ping-pong that only finishes
        // if both kernels are running at the same time.
        var a = OnThread(() => Kernel.Run(async () =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                Note($"a{i}");
                ping[i].Set();
                await TimeoutAfter(Limit, pong[i].WaitAsync);
            }
            return CurrentKernel;
        }, Options(first)));
        var b = OnThread(() => Kernel.Run(async () =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                await TimeoutAfter(Limit, ping[i].WaitAsync);
                Note($"b{i}");
                pong[i].Set();
            }
            return CurrentKernel;
        }, Options(second)));
        var kernels = await Task.WhenAll(a, b).WaitAsync(Limit);
        Assert.Equal(Enumerable.Range(0, Rounds).SelectMany(i => new[] { $"a{i}", $"b{i}" }), log);
        Assert.NotSame(kernels[0], kernels[1]);
    }
}
