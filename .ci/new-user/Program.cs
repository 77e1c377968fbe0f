// The program of .ci/new-user.sh: what a new user writes after `dotnet add package Curio.Actors` (and .Net).
using System.Net;
using System.Text;
using Curio.Actors;
using Curio.Actors.Net;
using static Curio.Actors.Async;

Kernel.Run(async () =>
{
    var fib = await RunInProcess(Work.Fib, 25);
    Console.WriteLine($"fib(25) = {fib}");

    var server = await TcpServer.BindAsync("localhost", 0, Work.Echo);
    var serving = Spawn(server.ServeAsync);
    var clients = await TaskGroup<string>.RunAsync(async g =>
    {
        for (var i = 1; i <= 3; i++) g.Spawn(Work.Client, server.Port, $"hello {i}");
        g.Spawn(Work.Silent, server.Port);
        await Task.CompletedTask;
    });
    foreach (var line in clients.Results) Console.WriteLine(line);
    await serving.CancelAsync();
    Console.WriteLine("done");
});

static class Work
{
    public static int Fib(int n) => n <= 2 ? 1 : Fib(n - 1) + Fib(n - 2);

    // One client's session, with a timeout: a client that says nothing for a second is dropped.
    public static async Task Echo(CurioSocket client, EndPoint addr)
    {
        try
        {
            await TimeoutAfter(TimeSpan.FromSeconds(1), async () =>
            {
                while (true)
                {
                    var data = await client.RecvAsync(1000);
                    if (data.Length == 0) break;
                    await client.SendAllAsync(data);
                }
            });
        }
        catch (TaskTimeout)
        {
            Console.WriteLine("server: a silent client timed out");
        }
    }

    public static async Task<string> Client(int port, string text)
    {
        await using var sock = await Network.OpenConnection("localhost", port);
        await sock.SendAllAsync(Encoding.UTF8.GetBytes(text));
        var back = await sock.RecvAsync(1000);
        return $"echo: {Encoding.UTF8.GetString(back)}";
    }

    public static async Task<string> Silent(int port)
    {
        await using var sock = await Network.OpenConnection("localhost", port);
        var data = await sock.RecvAsync(1000);
        return data.Length == 0 ? "silent: closed by the server" : "silent: got data";
    }
}
