using Curio.Actors.Tests.HowTo;
using Curio.Actors.Tests.Remote;

namespace Curio.Actors.Tests.Core;

/// <summary>
/// Ctrl-C in a plain <c>Kernel.Run</c> program (the TestPeer's interrupt modes): a real child process gets SIGINT or
/// SIGTERM and prints from its finally blocks.
/// </summary>
[Collection("HowTo recipes")]
public class InterruptSpecs
{
    private static List<string> LinesAfterReady(PeerProcess p, int count)
    {
        var lines = new List<string>();
        for (var i = 0; i < count; i++) lines.Add(p.WaitLine(""));
        return lines;
    }

    [Theory]
    [InlineData("sequential", RecipeProcess.SIGINT, "SIGINT")]
    [InlineData("parallel", RecipeProcess.SIGINT, "SIGINT")]
    [InlineData("sequential", RecipeProcess.SIGTERM, "SIGTERM")]
    public void First_signal_unwinds_every_task_newest_first_then_Run_throws_KeyboardInterrupt(string mode, int signal, string name)
    {
        using var p = new PeerProcess("interrupt", mode);
        p.WaitLine("READY");
        RecipeProcess.SendSignal(p.Id, signal);
        Assert.Equal(["finally child 2", "finally child 1", "finally main", $"KeyboardInterrupt {name} abandoned []"], LinesAfterReady(p, 4));
        Assert.Equal(4, p.WaitExit());
    }

    [Fact]
    public void With_ThrowOnInterrupt_off_Run_returns_after_the_unwinding()
    {
        using var p = new PeerProcess("interrupt-return");
        p.WaitLine("READY");
        RecipeProcess.SendSignal(p.Id, RecipeProcess.SIGINT);
        Assert.Equal(["finally child 2", "finally child 1", "finally main", "RETURNED 0"], LinesAfterReady(p, 4));
        Assert.Equal(0, p.WaitExit());
    }

    [Fact]
    public void A_task_that_will_not_unwind_is_abandoned_at_the_grace_and_named()
    {
        using var p = new PeerProcess("interrupt-stubborn");
        p.WaitLine("READY");
        RecipeProcess.SendSignal(p.Id, RecipeProcess.SIGINT);
        var line = p.WaitLine("KeyboardInterrupt", TimeSpan.FromSeconds(20));
        Assert.Matches(@"^KeyboardInterrupt SIGINT abandoned \[task \d+ \(.*\), task \d+ \(main\)\]$", line);
        Assert.Equal(4, p.WaitExit());
    }

    [Fact]
    public void A_second_signal_ends_the_process_at_once()
    {
        using var p = new PeerProcess("interrupt-stubborn");
        p.WaitLine("READY");
        RecipeProcess.SendSignal(p.Id, RecipeProcess.SIGINT);
        p.WaitLine("finally child 2"); // the first signal is being handled: child 1 holds the unwinding up
        RecipeProcess.SendSignal(p.Id, RecipeProcess.SIGINT);
        Assert.Equal(130, p.WaitExit(TimeSpan.FromSeconds(1.5))); // well inside the 2 s grace
        Assert.DoesNotContain("KeyboardInterrupt", p.Output);
    }
}
