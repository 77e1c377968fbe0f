using static Curio.Actors.Async;
using F = Curio.Actors.Tests.Workers.ProcessFunctions;

namespace Curio.Actors.Tests.Workers;

public class RunInProcessSpecs : WorkerSpec
{

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"curio-hang-{Guid.NewGuid():N}");

    [Fact]
    public async Task Runs_a_static_method_in_a_reused_worker_process()
    {
        var kernel = NewKernel(virtualTime: false);
        var (fib, pid1, pid2) = await RunIn(kernel, async () =>
        {
            var f = await RunInProcess(F.Fib, 25);
            return (f, await RunInProcess(F.Pid), await RunInProcess(F.Pid));
        });
        Assert.Equal(75025, fib);
        Assert.NotEqual(Environment.ProcessId, pid1);
        Assert.Equal(pid1, pid2);
        await kernel.ShutdownAsync().WaitAsync(Limit);
        Until(() => !Alive(pid1)); // the pool stops with its kernel
    }

    [Fact]
    public async Task Records_arrays_tuples_and_async_methods_travel_with_their_declared_types()
    {
        var kernel = NewKernel(SchedulingMode.Parallel, virtualTime: false);
        var big = Enumerable.Range(0, 1 << 20).Select(i => (byte)i).ToArray();
        var (described, later, echoed) = await RunIn(kernel, async () =>
            (await RunInProcess(F.Describe, new F.Order("tea", 3, [1.5, 2.5]), "order: "),
             await RunInProcess(F.Later, "abc"),
             await RunInProcess(F.Echo, big)));
        Assert.Equal("order: tea x3 = 12", described.Text);
        Assert.NotEqual(Environment.ProcessId, described.Pid);
        Assert.Equal("ABC", later);
        Assert.Equal(big, echoed);
    }

    [Fact]
    public async Task A_remote_exception_comes_back_as_its_own_type_caused_by_the_worker_stack_trace_and_the_worker_stays()
    {
        var kernel = NewKernel(virtualTime: false);
        var (error, odd, pidBefore, pidAfter) = await RunIn(kernel, async () =>
        {
            var before = await RunInProcess(F.Pid);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(async () => await RunInProcess(F.Fail, "bad input"));
            var o = await Assert.ThrowsAsync<RemoteException>(async () => await RunInProcess(F.FailOddly, 7));
            return (e, o, before, await RunInProcess(F.Pid));
        });
        // Curio re-raises the worker's exception with __cause__ = RemoteTraceback
        Assert.Equal("bad input", error.Message);
        var traceback = Assert.IsType<RemoteTraceback>(error.InnerException);
        Assert.Contains("ProcessFunctions.Fail", traceback.Message);
        Assert.Contains("bad input", traceback.Message);
        Assert.Equal("ProcessFunctions.Fail", error.Data["RemoteMethod"]);
        // a type without a (message, inner) constructor comes back as RemoteException, naming it
        Assert.Equal(typeof(F.Oddity).FullName, odd.RemoteType);
        Assert.Equal("odd 7", odd.RemoteMessage);
        Assert.Equal("ProcessFunctions.FailOddly", odd.Method);
        Assert.Contains("FailOddly", odd.RemoteStackTrace);
        Assert.Equal(pidBefore, pidAfter);
    }

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancel_mid_call_kills_the_worker_at_once_and_a_fresh_one_serves_the_next_call(SchedulingMode mode)
    {
        var kernel = NewKernel(mode, virtualTime: false);
        var path = TempFile();
        try
        {
            var t = kernel.Spawn(async () => await RunInProcess(F.Hang, path));
            Until(() => File.Exists(path) && File.ReadAllText(path).Length > 0);
            var pid = int.Parse(File.ReadAllText(path));
            Assert.Equal("FUTURE_WAIT", t.State);
            await t.CancelAsync().AsTask().WaitAsync(Limit);
            Assert.IsType<TaskCancelled>(t.Exception);
            Until(() => !Alive(pid)); // killed and reaped: no zombie left behind
            var next = await RunIn(kernel, async () => await RunInProcess(F.Pid));
            Assert.NotEqual(pid, next);
            Assert.True(Alive(next));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_timeout_mid_call_kills_the_worker()
    {
        var kernel = NewKernel(); // virtual time: the timeout fires when the test says
        var path = TempFile();
        try
        {
            var t = kernel.Spawn(async () => await TimeoutAfter(S(10), async () => await RunInProcess(F.Hang, path)));
            Until(() => File.Exists(path) && File.ReadAllText(path).Length > 0);
            var pid = int.Parse(File.ReadAllText(path));
            AdvanceWhenParkedIn(t, "FUTURE_WAIT", S(11));
            await Assert.ThrowsAsync<TaskTimeout>(() => t.Completion.WaitAsync(Limit));
            Until(() => !Alive(pid));
            Assert.Equal(0, KernelWorkers.ProcessesIfAny(kernel.Core)!.Live);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_crashing_worker_gives_a_clear_error_and_the_pool_recovers()
    {
        var kernel = NewKernel(virtualTime: false);
        var (error, next) = await RunIn(kernel, async () =>
        {
            var e = await Assert.ThrowsAsync<BrokenWorkerError>(async () => await RunInProcess(F.Crash, 3));
            return (e, await RunInProcess(F.Fib, 10));
        });
        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("ProcessFunctions.Crash", error.Message);
        Assert.Equal(55, next);
    }

    [Fact]
    public async Task An_argument_that_cannot_be_serialised_is_raised_at_the_await_and_the_worker_serves_on()
    {
        var kernel = NewKernel(virtualTime: false);
        var (error, before, after) = await RunIn(kernel, async () =>
        {
            var pid = await RunInProcess(F.Pid);
            var e = await Assert.ThrowsAsync<ArgumentException>(async () => await RunInProcess(F.NameOf, typeof(int)));
            return (e, pid, await RunInProcess(F.Pid));
        });
        Assert.Contains("cannot be serialised for another process", error.Message);
        Assert.Contains("ProcessFunctions.NameOf", error.Message);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Console_output_of_the_function_does_not_corrupt_the_protocol()
    {
        var kernel = NewKernel(virtualTime: false);
        var r = await RunIn(kernel, async () => await RunInProcess(F.Chatty, 21) + await RunInProcess(F.Chatty, 0));
        Assert.Equal(42, r);
    }

    [Fact]
    public async Task Kernel_shutdown_cancels_a_call_in_flight_and_kills_its_worker()
    {
        var kernel = NewKernel(virtualTime: false);
        var path = TempFile();
        try
        {
            var t = kernel.Spawn(async () => await RunInProcess(F.Hang, path));
            Until(() => File.Exists(path) && File.ReadAllText(path).Length > 0);
            var pid = int.Parse(File.ReadAllText(path));
            await kernel.ShutdownAsync().WaitAsync(Limit);
            Assert.IsType<TaskCancelled>(t.Exception);
            Until(() => !Alive(pid));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Lambdas_and_instance_methods_are_refused_clearly()
    {
        var kernel = NewKernel(virtualTime: false);
        var n = 3;
        var e = await RunIn(kernel, async () =>
        {
            var thrown = Assert.Throws<ArgumentException>(() => { _ = RunInProcess(() => n * 2); });
            await Sleep(TimeSpan.Zero);
            return thrown;
        });
        Assert.Contains("static method", e.Message);
    }
}
