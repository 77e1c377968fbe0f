using Verifier = Curio.Actors.Analyzers.Tests.Verify<Curio.Actors.Analyzers.TaskGroupJoinAnalyzer, Curio.Actors.Analyzers.TaskGroupJoinCodeFix>;

namespace Curio.Actors.Analyzers.Tests;

public class TaskGroupJoinSpecs
{
    [Fact]
    public Task A_using_declaration_without_join_gets_one_before_the_final_return() => Verifier.Fix("""
        class C
        {
            static async Task<int> Body()
            {
                await using var {|CURIO005:g|} = new TaskGroup();
                g.Spawn(async () => await Sleep(TimeSpan.FromSeconds(1)));
                return 1;
            }
        }
        """, """
        class C
        {
            static async Task<int> Body()
            {
                await using var g = new TaskGroup();
                g.Spawn(async () => await Sleep(TimeSpan.FromSeconds(1)));
                await g.JoinAsync();
                return 1;
            }
        }
        """);

    [Fact]
    public Task A_using_block_without_join_gets_one_at_its_end() => Verifier.Fix("""
        class C
        {
            static async Task Body()
            {
                await using (var {|CURIO005:g|} = new TaskGroup(GroupWait.Any))
                {
                    g.Spawn(async () => await Sleep(TimeSpan.FromSeconds(1)));
                }
            }
        }
        """, """
        class C
        {
            static async Task Body()
            {
                await using (var g = new TaskGroup(GroupWait.Any))
                {
                    g.Spawn(async () => await Sleep(TimeSpan.FromSeconds(1)));
                    await g.JoinAsync();
                }
            }
        }
        """);

    [Fact]
    public Task Joined_cancelled_iterated_or_escaping_groups_are_fine() => Verifier.Diagnostics("""
        class C
        {
            static async Task A() { await using var g = new TaskGroup(); g.Spawn(async () => await Sleep(TimeSpan.Zero)); await g.JoinAsync(); }
            static async Task B() { await using var g = new TaskGroup(); await g.CancelRemainingAsync(); }
            static async Task D() { await using var g = new TaskGroup(); await foreach (var t in g) Console.WriteLine(t); }
            static async Task E() { await using var g = new TaskGroup(); await Helper(g); }
            static Task Helper(TaskGroup g) => g.JoinAsync().AsTask();
            static async Task F() { var g = await TaskGroup.RunAsync(async g => { g.Spawn(async () => await Sleep(TimeSpan.Zero)); await Task.Yield(); }); }
        }
        """);
}
