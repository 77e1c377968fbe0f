// The spec shown in README.md, kept compiling and passing.
using Akka.Actor;
using Curio.Actors;
using Curio.Actors.TestKit;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.TestKit;

// snippet: retry-spec
public class RetrySpec : CurioSpec
{
    [Fact]
    public async Task Retries_back_off_and_give_up_after_a_minute()
    {
        var probe = CreateTestProbe();
        var attempts = await RunTask(async () =>
        {
            var n = 0;
            var finished = await IgnoreAfter(TimeSpan.FromMinutes(1), async () =>
            {
                for (var delay = TimeSpan.FromSeconds(1); ; delay *= 2)
                {
                    n++;
                    probe.Ref.Tell($"attempt {n} at {Clock().TotalSeconds} s");
                    await Sleep(delay);
                }
            });
            return finished ? -1 : n;
        });
        Assert.Equal(6, attempts);               // at 0, 1, 3, 7, 15 and 31 s; the next would be at 63 s
        var seen = probe.ReceiveN(6).Cast<string>().ToList();
        Assert.Equal("attempt 1 at 0 s", seen[0]);
        Assert.Equal("attempt 6 at 31 s", seen[5]);
        Assert.Equal(TimeSpan.FromMinutes(1), Clock.Elapsed);   // virtual time: the spec runs in milliseconds
    }
}
// end snippet
