using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Core;

public class CancellationSpecs : KernelSpec
{
    private sealed class Stop(string m) : Exception(m);

    [Theory]
    [InlineData(SchedulingMode.Sequential)]
    [InlineData(SchedulingMode.Parallel)]
    public async Task Cancel_lands_at_the_blocking_call_and_join_wraps_it(SchedulingMode mode)
    {
        var k = NewKernel(mode);
        var events = new List<string>();
        var (joinError, t) = await RunIn(k, async () =>
        {
            var child = Spawn(async () =>
            {
                try { await Sleep(S(1000)); events.Add("woke"); }
                catch (TaskCancelled) { events.Add("cancelled"); throw; }
                finally { await Sleep(TimeSpan.Zero); events.Add("async finally ran"); }
            });
            while (child.State != "TIME_SLEEP") await Sleep(TimeSpan.Zero);
            await child.CancelAsync();
            events.Add("cancel returned");
            var e = await Assert.ThrowsAsync<TaskError>(async () => await child.JoinAsync());
            return (e, child);
        });
        Assert.Equal(new[] { "cancelled", "async finally ran", "cancel returned" }, events);
        Assert.IsType<TaskCancelled>(joinError.InnerException);
        Assert.Equal("TaskCancelled", joinError.InnerException!.Message);
        Assert.True(t.Cancelled);
        Assert.True(t.Terminated);
        Assert.Equal("TERMINATED", t.State);
        Assert.IsType<TaskCancelled>(t.Exception);
        Assert.Throws<TaskCancelled>(() => t.Result);
    }

    [Fact]
    public async Task Cancel_is_pending_until_the_next_blocking_call()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            CurioTask? child = null;
            child = Spawn(async () =>
            {
                events.Add("child running");
                await Async.Await(Task.Delay(1)); // a cancellation point: the parent's cancel is not yet requested
                events.Add("child busy, not blocking");
                // The cancel request arrives while the child is running: nothing is raised here...
                await Task.Yield();
                events.Add("still running after a plain yield");
                try { await Sleep(S(1)); }
                catch (TaskCancelled) { events.Add("raised at the next blocking call"); }
            });
            while (!events.Contains("child busy, not blocking")) await Sleep(TimeSpan.Zero);
            await child.CancelAsync(blocking: false);
            events.Add("requested");
            await child.WaitAsync();
            return 0;
        });
        Assert.Equal(new[] { "child running", "child busy, not blocking", "requested", "still running after a plain yield", "raised at the next blocking call" }, events);
    }

    [Fact]
    public async Task A_custom_exception_instance_is_delivered_as_is()
    {
        var k = NewKernel();
        var stop = new Stop("please stop");
        var seen = await RunIn(k, async () =>
        {
            Exception? got = null;
            var child = Spawn(async () =>
            {
                try { await Sleep(S(100)); }
                catch (Exception e) { got = e; }
            });
            await Sleep(TimeSpan.Zero);
            await child.CancelAsync(stop);
            return got;
        });
        Assert.Same(stop, seen);
    }

    [Fact]
    public async Task Cancelling_a_finished_task_only_marks_it_joined()
    {
        var k = NewKernel();
        var t = await RunIn(k, async () =>
        {
            var child = Spawn(() => Task.FromResult(5));
            await child.WaitAsync();
            Assert.False(child.Joined);
            await child.CancelAsync();
            return child;
        });
        Assert.False(t.Cancelled);
        Assert.True(t.Joined);
        Assert.Equal(5, t.Result);
    }

    [Fact]
    public async Task A_task_that_catches_its_cancellation_and_returns_joins_normally()
    {
        var k = NewKernel();
        var (value, cancelled) = await RunIn(k, async () =>
        {
            var child = Spawn(async () =>
            {
                try { await Sleep(S(100)); return 1; }
                catch (TaskCancelled) { return 2; }
            });
            await Sleep(TimeSpan.Zero);
            await child.CancelAsync();
            return (await child.JoinAsync(), child.Cancelled);
        });
        Assert.Equal(2, value);
        Assert.True(cancelled);
    }

    [Fact]
    public async Task A_cancel_never_delivered_is_dropped_and_the_task_ends_normally()
    {
        var k = NewKernel();
        var t = await RunIn(k, async () =>
        {
            var child = Spawn(() => Task.FromResult("done"));   // ready, never blocks
            await child.CancelAsync(blocking: false);
            await child.WaitAsync();
            return child;
        });
        Assert.True(t.Cancelled);
        Assert.Null(t.Exception);
        Assert.Equal("done", t.Result);
    }

    [Fact]
    public async Task A_second_cancel_delivers_nothing_new_and_cleanup_blocking_calls_run()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            var child = Spawn(async () =>
            {
                try { await Sleep(S(100)); }
                catch (TaskCancelled)
                {
                    events.Add("first");
                    await Sleep(TimeSpan.Zero); // cleanup blocks; the second cancel must not interrupt it
                    await Sleep(TimeSpan.Zero);
                    events.Add("cleanup done");
                }
            });
            await Sleep(TimeSpan.Zero);
            await child.CancelAsync(blocking: false);
            await child.CancelAsync(new Stop("second"), blocking: false);
            await child.CancelAsync();
            return 0;
        });
        Assert.Equal(new[] { "first", "cleanup done" }, events);
    }

    [Fact]
    public async Task A_cancel_with_an_exception_type_delivers_one_named_after_the_type()
    {
        var k = NewKernel();
        var r = await RunIn(k, async () =>
        {
            var custom = Spawn(async () => { await Sleep(S(100)); });
            var timeout = Spawn(async () => { await Sleep(S(100)); });
            await Sleep(TimeSpan.Zero);
            await custom.CancelAsync(typeof(Stop));
            await timeout.CancelAsync(typeof(TaskCancelled));
            var bad = Assert.Throws<ArgumentException>(() => { _ = custom.CancelAsync(typeof(string)); });
            return (custom.Exception, timeout.Exception, custom.Cancelled, bad.Message);
        });
        Assert.Equal("Stop", Assert.IsType<Stop>(r.Item1).Message);           // Curio: exc=Class gives Class('Class')
        Assert.Equal("TaskCancelled", Assert.IsType<TaskCancelled>(r.Item2).Message);
        Assert.True(r.Item3);
        Assert.Contains("System.String is not an exception type", r.Item4);
    }

    [Fact]
    public async Task Self_cancel_nonblocking_lands_at_the_next_blocking_call_and_blocking_at_once()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            var a = Spawn(async () =>
            {
                await CurrentTask.CancelAsync(blocking: false);
                events.Add("a continues");
                try { await Sleep(TimeSpan.Zero); } catch (TaskCancelled) { events.Add("a: raised at sleep(0)"); }
            });
            var b = Spawn(async () =>
            {
                try { await CurrentTask.CancelAsync(); } catch (TaskCancelled) { events.Add("b: raised at the cancel"); }
            });
            await a.WaitAsync();
            await b.WaitAsync();
            return 0;
        });
        Assert.Equal(new[] { "a continues", "a: raised at sleep(0)", "b: raised at the cancel" }, events);
    }

    [Fact]
    public async Task DisableCancellation_defers_delivery_to_the_first_blocking_call_after_the_block()
    {
        var k = NewKernel();
        var events = new List<string>();
        await RunIn(k, async () =>
        {
            var child = Spawn(async () =>
            {
                using (DisableCancellation())
                {
                    await Sleep(S(1));                 // runs normally although cancelled meanwhile
                    events.Add("shielded sleep done");
                    using (DisableCancellation()) { await Sleep(TimeSpan.Zero); events.Add("nested ok"); }
                    Assert.IsType<TaskCancelled>(CheckCancellation()); // disabled: returned, not raised
                }
                events.Add("after block");
                try { await Sleep(TimeSpan.Zero); }
                catch (TaskCancelled) { events.Add("delivered"); }
            });
            while (child.State != "TIME_SLEEP") await Sleep(TimeSpan.Zero);
            await child.CancelAsync(blocking: false);
            await child.WaitAsync();
            return 0;
        });
        Assert.Equal(new[] { "shielded sleep done", "nested ok", "after block", "delivered" }, events);
    }

    [Fact]
    public async Task DisableCancellation_call_form_keeps_an_explicit_cancel_pending_when_nested()
    {
        var k = NewKernel();
        var got = await RunIn(k, async () =>
        {
            using (DisableCancellation())
            {
                var r = await DisableCancellation<int>(() => throw new TaskCancelled("mine"));
                Assert.Equal(0, r);
            }
            try { await Sleep(TimeSpan.Zero); return "not raised"; }
            catch (TaskCancelled e) { return e.Message; }
        });
        Assert.Equal("mine", got);
    }

    [Fact]
    public async Task CheckCancellation_and_SetCancellation_follow_curio()
    {
        var k = NewKernel();
        await RunIn(k, async () =>
        {
            Assert.Null(CheckCancellation());
            Assert.Null(SetCancellation(new TaskCancelled()));
            using (DisableCancellation())
            {
                Assert.Null(CheckCancellation(typeof(TaskTimeout)));            // other type: untouched
                Assert.IsType<TaskCancelled>(CheckCancellation());               // returned, kept
                Assert.IsType<TaskCancelled>(CheckCancellation(typeof(TaskCancelled))); // returned, cleared
                Assert.Null(CheckCancellation());
            }
            SetCancellation(new TaskCancelled("x"));
            var e = Assert.Throws<TaskCancelled>(() => CheckCancellation());
            Assert.Equal("x", e.Message);
            Assert.Null(SetCancellation(null));
            await Sleep(TimeSpan.Zero);
            return 0;
        });
    }

    [Fact]
    public async Task The_task_token_is_cancelled_on_delivery_and_Await_is_a_cancellation_point()
    {
        var k = NewKernel(virtualTime: false);
        var (tokenCancelled, freshToken, exc) = await RunIn(k, async () =>
        {
            CancellationToken seen = default;
            var never = new TaskCompletionSource<int>();
            bool fresh = false;
            Exception? e = null;
            var child = Spawn(async () =>
            {
                seen = TaskCancellationToken;
                try { await Async.Await(never.Task); }
                catch (Exception ex) { e = ex; fresh = !TaskCancellationToken.IsCancellationRequested; }
            });
            while (child.State != "FUTURE_WAIT") await Sleep(TimeSpan.Zero);
            await child.CancelAsync();
            await Async.Await(Task.Delay(TimeSpan.FromSeconds(5), seen).ContinueWith(_ => 0));
            return (seen.IsCancellationRequested, fresh, e);
        });
        Assert.True(tokenCancelled);
        Assert.True(freshToken);
        Assert.IsType<TaskCancelled>(exc);
    }

    [Fact]
    public async Task Await_with_a_token_cancels_the_dotnet_operation_on_timeout()
    {
        var k = NewKernel(virtualTime: false);
        var (timedOut, opCancelled) = await RunIn(k, async () =>
        {
            var opToken = new TaskCompletionSource<bool>();
            try
            {
                await TimeoutAfter(TimeSpan.FromMilliseconds(20), async () =>
                    await Async.Await(async ct =>
                    {
                        ct.Register(() => opToken.TrySetResult(true));
                        await Task.Delay(Timeout.Infinite, ct);
                        return 0;
                    }));
                return (false, false);
            }
            catch (TaskTimeout)
            {
                return (true, await Async.Await(opToken.Task));
            }
        });
        Assert.True(timedOut);
        Assert.True(opCancelled);
    }
}
