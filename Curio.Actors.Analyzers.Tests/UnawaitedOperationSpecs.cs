using Verifier = Curio.Actors.Analyzers.Tests.Verify<Curio.Actors.Analyzers.UnawaitedOperationAnalyzer, Curio.Actors.Analyzers.UnawaitedOperationCodeFix>;

namespace Curio.Actors.Analyzers.Tests;

public class UnawaitedOperationSpecs
{
    [Fact]
    public Task Dropped_ValueTasks_of_Curio_operations_get_awaited() => Verifier.Fix("""
        class C
        {
            static async Task Body(CurioTask t, CurioQueue<int> q)
            {
                {|CURIO003:Sleep(TimeSpan.FromSeconds(1))|};
                {|CURIO003:q.PutAsync(1)|};
                {|CURIO003:t.CancelAsync()|};
            }
        }
        """, """
        class C
        {
            static async Task Body(CurioTask t, CurioQueue<int> q)
            {
                await Sleep(TimeSpan.FromSeconds(1));
                await q.PutAsync(1);
                await t.CancelAsync();
            }
        }
        """);

    [Fact]
    public Task Awaited_discarded_or_non_Curio_calls_are_fine() => Verifier.Diagnostics("""
        class C
        {
            static async Task Body(CurioTask t, UniversalQueue<int> q)
            {
                await Sleep(TimeSpan.Zero);
                _ = t.CancelAsync();
                var pending = q.PutAsync(2);
                await pending;
                q.Put(1);
                Spawn(async () => await Sleep(TimeSpan.Zero));
                Task.Delay(1);
            }
        }
        """);

    [Fact]
    public Task The_message_says_what_is_dropped() => Verifier.Diagnostics("""
        class C
        {
            static void M(CurioTask t) { {|CURIO003:t.JoinAsync()|}; }
        }
        """);
}
