using Verifier = Curio.Actors.Analyzers.Tests.Verify<Curio.Actors.Analyzers.DiscardedResultAnalyzer, Curio.Actors.Analyzers.DiscardedResultCodeFix>;

namespace Curio.Actors.Analyzers.Tests;

public class DiscardedResultSpecs
{
    [Fact]
    public Task A_spawned_block_lambda_that_drops_its_value_returns_it() => Verifier.Fix("""
        class C
        {
            static Task<int> Compute() => Task.FromResult(42);
            static void M() => Spawn(async () => { await Sleep(TimeSpan.Zero); {|CURIO004:await Compute();|} });
        }
        """, """
        class C
        {
            static Task<int> Compute() => Task.FromResult(42);
            static void M() => Spawn(async () => { await Sleep(TimeSpan.Zero); return await Compute(); });
        }
        """);

    [Fact]
    public Task TimeoutAfter_around_a_receive_that_drops_the_data() => Verifier.Diagnostics("""
        class C
        {
            static async Task M(CurioQueue<string> q) =>
                await TimeoutAfter(TimeSpan.FromSeconds(1), async () => { {|CURIO004:await q.GetAsync();|} });
        }
        """);

    [Fact]
    public Task Values_nobody_keeps_and_kept_values_are_fine() => Verifier.Diagnostics("""
        class C
        {
            static Task<int> Compute() => Task.FromResult(42);
            static async Task Done() => await Task.Yield();
            static void M(CurioQueue<int> q)
            {
                Spawn(async () => { await Sleep(TimeSpan.FromSeconds(1)); });
                Spawn(async () => await Compute());
                Spawn(async () => { await Done(); });
                Spawn(async () => { var v = await Compute(); Console.WriteLine(v); });
                Spawn(async () => { if (q.Empty) return; await Compute(); });
            }
        }
        """);
}
