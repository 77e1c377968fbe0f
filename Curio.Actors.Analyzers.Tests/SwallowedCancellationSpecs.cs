using Verifier = Curio.Actors.Analyzers.Tests.Verify<Curio.Actors.Analyzers.SwallowedCancellationAnalyzer, Curio.Actors.Analyzers.SwallowedCancellationCodeFix>;

namespace Curio.Actors.Analyzers.Tests;

public class SwallowedCancellationSpecs
{
    [Fact]
    public Task Catch_Exception_around_a_blocking_call_gets_a_CancelledError_rethrow_first() => Verifier.Fix("""
        class C
        {
            static async Task Body()
            {
                try { await Sleep(TimeSpan.FromSeconds(1)); }
                {|CURIO002:catch (Exception e)|} { Console.WriteLine(e); }
            }
        }
        """, """
        class C
        {
            static async Task Body()
            {
                try { await Sleep(TimeSpan.FromSeconds(1)); }
                catch (CancelledError)
                {
                    throw;
                }
                catch (Exception e) { Console.WriteLine(e); }
            }
        }
        """);

    [Fact]
    public Task Bare_catch_and_OperationCanceledException_are_reported() => Verifier.Diagnostics("""
        class C
        {
            static async Task A() { try { await Sleep(TimeSpan.Zero); } {|CURIO002:catch|} { } }
            static async Task B() { try { await Sleep(TimeSpan.Zero); } {|CURIO002:catch (OperationCanceledException)|} { } }
        }
        """);

    [Fact]
    public Task Rethrowing_filtering_or_catching_CancelledError_first_is_fine() => Verifier.Diagnostics("""
        class C
        {
            static async Task A() { try { await Sleep(TimeSpan.Zero); } catch (Exception) { Console.WriteLine("x"); throw; } }
            static async Task B() { try { await Sleep(TimeSpan.Zero); } catch (Exception e) when (e is not CancelledError) { } }
            static async Task D() { try { await Sleep(TimeSpan.Zero); } catch (TaskTimeout) { } catch (CancelledError) { throw; } catch (Exception) { } }
            static async Task E() { try { await Sleep(TimeSpan.Zero); } catch (Exception e) { if (e is TaskCancelled) throw; } }
            static async Task F() { try { await Sleep(TimeSpan.Zero); } catch (InvalidOperationException) { } }
            static async Task G() { await Sleep(TimeSpan.Zero); try { Console.WriteLine(); } catch (Exception) { } }
            static async Task NotATask() { try { await Task.Delay(1); } catch (Exception) { } }
        }
        """);
}
