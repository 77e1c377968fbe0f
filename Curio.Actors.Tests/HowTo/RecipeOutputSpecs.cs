namespace Curio.Actors.Tests.HowTo;

/// <summary>The how-to's recipes that run and end by themselves: each prints what its Curio counterpart prints.</summary>
[Collection("HowTo recipes")]
public class RecipeOutputSpecs
{
    private static IReadOnlyList<string> Run(params string[] args)
    {
        using var recipe = new RecipeProcess(args);
        return recipe.WaitSuccess();
    }

    private static IEnumerable<string> ConsumerGot(int n) => Enumerable.Range(0, n).Select(i => $"Consumer got {i}");

    [Fact]
    public void Queue_producer_and_consumer_tasks() =>
        Assert.Equal([.. ConsumerGot(10), "Producer done"], Run("queue"));

    [Fact]
    public void Universal_queue_between_a_thread_and_a_task() =>
        Assert.Equal([.. ConsumerGot(10), "Producer done"], Run("universal-queue"));

    [Fact]
    public void Async_threads_work_through_AWAIT_and_write_a_report() =>
        Assert.Equal(["4 threads did 20 jobs; jobs added up under the lock: 210", "sum of squares 1..20 = 2870; report lines: 20"],
            Run("async-threads"));

    [Fact]
    public void Timeout_after_and_ignore_after() => Assert.Equal(["Timed out", "Timed out"], Run("timeout", "0.2"));

    [Fact]
    public void Timeout_over_a_block_is_cumulative() => Assert.Equal(["statement1 done", "Timed out"], Run("timeout-block"));

    [Fact]
    public void Shield_holds_the_cancel_until_the_next_blocking_call() =>
        Assert.Equal(["Cancelling", "coro1 done (shielded)", "coro2 done (shielded)", "Cancellation delivered at blocking_op()", "Task cancelled: True"],
            Run("shield"));

    [Fact]
    public void Abide_shares_a_thread_lock() => Assert.Equal(["shared = 1100 (expected 1100)"], Run("abide"));

    [Fact]
    public void Current_task_finds_itself_and_another_task_cancels_it()
    {
        var lines = Run("current-task");
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^I am task (\d+) \(func\)$", lines[0]);
        var id = System.Text.RegularExpressions.Regex.Match(lines[0], @"\d+").Value;
        Assert.Equal($"Cancelled task {id}: cancelled=True, state=TERMINATED", lines[1]);
    }

    [Fact]
    public void Blocking_call_in_a_thread() =>
        Assert.Matches(@"^Slept 0.2 s in a backing thread; the kernel stayed free \(\d+ ms\)$", Assert.Single(Run("blocking", "0.2")));

    [Fact]
    public void Cpu_intensive_fib_40_in_another_process() =>
        Assert.Matches(@"^fib\(40\) = 102334155 \(\d+ ms, in another process\)$", Assert.Single(Run("cpu")));

    [Fact]
    public void Subprocess_check_output_and_its_error()
    {
        var lines = Run("subprocess");
        Assert.Equal(2, lines.Count);
        Assert.StartsWith(Environment.OSVersion.Platform == PlatformID.Unix ? "Linux" : "", lines[0]); // uname -a
        Assert.Equal("CalledProcessError: exit 2, output failing", lines[1]);
        Assert.Equal(["hello world", "CalledProcessError: exit 2, output failing"], Run("subprocess", "echo", "hello", "world"));
    }

    [Fact]
    public void Subprocess_over_pipes() => Assert.Equal(["Response: SOME DATA", "Exit code 0"], Run("subprocess-pipe"));

    [Fact]
    public void Channel_producer_and_consumer_as_two_programs()
    {
        var port = RecipeProcess.FreeTcpPort();
        using var producer = new RecipeProcess("channel-producer", port.ToString());
        producer.WaitLine($"Producer waiting for a consumer on localhost:{port}");
        using var consumer = new RecipeProcess("channel-consumer", port.ToString());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"Got: {i}"), consumer.WaitSuccess());
        producer.WaitSuccess();
    }

    [Fact]
    public void Every_recipe_of_the_how_to_is_listed()
    {
        using var usage = new RecipeProcess();
        Assert.Equal(2, usage.WaitExit());
        foreach (var name in new[] { "tcp-echo", "tcp-echo-stream", "udp-echo", "open-connection", "tls-connection", "tls-server",
                     "blocking", "cpu", "timeout", "timeout-block", "shield", "queue", "universal-queue", "abide", "subprocess",
                     "subprocess-pipe", "channel-producer", "channel-consumer", "current-task" })
            Assert.Contains($"stderr:   {name} ", usage.Output);
    }
}
