using Verifier = Curio.Actors.Analyzers.Tests.Verify<Curio.Actors.Analyzers.BlockingCallAnalyzer, Curio.Actors.Analyzers.BlockingCallCodeFix>;

namespace Curio.Actors.Analyzers.Tests;

public class BlockingCallSpecs
{
    [Fact]
    public Task Thread_Sleep_in_a_spawned_lambda_becomes_await_Sleep() => Verifier.Fix("""
        class C
        {
            void M() => Spawn(async () => { {|CURIO001:Thread.Sleep(100)|}; await Task.Yield(); });
        }
        """, """
        class C
        {
            void M() => Spawn(async () => { await Sleep(TimeSpan.FromMilliseconds(100)); await Task.Yield(); });
        }
        """);

    [Fact]
    public Task Thread_Sleep_with_a_TimeSpan_keeps_it() => Verifier.Fix("""
        class C
        {
            static async Task Body(TimeSpan t) { await Sleep(t); {|CURIO001:Thread.Sleep(t)|}; }
        }
        """, """
        class C
        {
            static async Task Body(TimeSpan t) { await Sleep(t); await Sleep(t); }
        }
        """);

    [Fact]
    public Task Result_and_GetResult_and_Wait_become_await() => Verifier.Fix("""
        class C
        {
            static async Task<int> Body(Task<int> t, Task u)
            {
                await Sleep(TimeSpan.Zero);
                {|CURIO001:u.Wait()|};
                var a = {|CURIO001:t.Result|};
                return a + {|CURIO001:t.GetAwaiter().GetResult()|}.GetHashCode();
            }
        }
        """, """
        class C
        {
            static async Task<int> Body(Task<int> t, Task u)
            {
                await Sleep(TimeSpan.Zero);
                await u;
                var a = await t;
                return a + (await t).GetHashCode();
            }
        }
        """);

    [Fact]
    public Task Universal_queue_thread_side_becomes_its_async_form() => Verifier.Fix("""
        class C
        {
            static async Task<int> Body(UniversalQueue<int> q) { await Sleep(TimeSpan.Zero); return {|CURIO001:q.Get()|}; }
        }
        """, """
        class C
        {
            static async Task<int> Body(UniversalQueue<int> q) { await Sleep(TimeSpan.Zero); return await q.GetAsync(); }
        }
        """);

    [Fact]
    public Task File_io_moves_to_RunInThread() => Verifier.Fix("""
        class C
        {
            static async Task<string> Body(string p) { await Sleep(TimeSpan.Zero); return {|CURIO001:System.IO.File.ReadAllText(p)|}; }
        }
        """, """
        class C
        {
            static async Task<string> Body(string p) { await Sleep(TimeSpan.Zero); return await RunInThread(() => System.IO.File.ReadAllText(p)); }
        }
        """);

    [Fact]
    public Task Socket_and_stream_reads_are_reported() => Verifier.Diagnostics("""
        class C
        {
            static async Task Body(System.Net.Sockets.Socket s, System.IO.Stream f, byte[] b)
            {
                await Sleep(TimeSpan.Zero);
                {|CURIO001:s.Receive(b)|};
                {|CURIO001:f.Read(b, 0, 1)|};
            }
        }
        """);

    [Fact]
    public Task Blocking_is_fine_in_threads_processes_and_code_that_is_no_task() => Verifier.Diagnostics("""
        class C
        {
            static void Sync() => Thread.Sleep(1);
            static async Task NotCurio() { await Task.Delay(1); Thread.Sleep(1); }
            static int Work() { Thread.Sleep(1); return 1; }
            static async Task Body()
            {
                await RunInThread(() => Thread.Sleep(100));
                await RunInThread(Thread.Sleep, 100);
                await RunInProcess(Work);
                await Sleep(TimeSpan.Zero);
                Func<int> later = () => { Thread.Sleep(1); return 1; };
                Curio.Actors.MyApp.Threads.OnThread(() => Thread.Sleep(1));   // user code, whatever its namespace
            }
        }
        namespace Curio.Actors.MyApp
        {
            static class Threads { public static void OnThread(Action a) => a(); }
        }
        """);

    [Fact]
    public Task The_message_names_the_call_and_the_remedy()
    {
        var rule = Rules.BlockingCall;
        Assert.Equal("CURIO001", rule.Id);
        var text = string.Format(rule.MessageFormat.ToString(), "Thread.Sleep", "await Sleep(...) instead");
        Assert.Equal("'Thread.Sleep' blocks the kernel thread that runs every task; await Sleep(...) instead", text);
        return Task.CompletedTask;
    }
}
