// Never called: it shows that the analyzers came with the package (the build must warn CURIO001 here).
using static Curio.Actors.Async;

static class Misuse
{
    public static async Task Body()
    {
        await Sleep(TimeSpan.FromSeconds(1));
        Thread.Sleep(1000);
    }
}
