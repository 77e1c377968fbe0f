namespace Curio.Actors.Tests.Workers;

/// <summary>Static methods the worker processes run in the RunInProcess specs.</summary>
public static class ProcessFunctions
{
    public sealed record Order(string Item, int Count, double[] Prices);

    public static int Fib(int n) => n <= 2 ? 1 : Fib(n - 1) + Fib(n - 2);

    public static int Pid() => Environment.ProcessId;

    public static (int Pid, string Text) Describe(Order order, string prefix) =>
        (Environment.ProcessId, $"{prefix}{order.Item} x{order.Count} = {order.Prices.Sum() * order.Count}");

    public static int Fail(string message) => throw new InvalidOperationException(message);

    /// <summary>An exception type with no (message, inner) constructor: it cannot be rebuilt in the parent.</summary>
    public sealed class Oddity(int code) : Exception($"odd {code}");

    public static int FailOddly(int code) => throw new Oddity(code);

    /// <summary>Writes its pid to <paramref name="path"/>, then blocks for a minute.</summary>
    public static int Hang(string path)
    {
        File.WriteAllText(path, Environment.ProcessId.ToString());
        Thread.Sleep(TimeSpan.FromMinutes(1));
        return -1;
    }

    public static int Crash(int code)
    {
        Environment.Exit(code);
        return 0;
    }

    public static async Task<string> Later(string s)
    {
        await Task.Delay(1);
        return s.ToUpperInvariant();
    }

    public static byte[] Echo(byte[] data) => data;

    /// <summary>Takes an argument System.Text.Json refuses to write (a Type).</summary>
    public static string NameOf(Type type) => type.Name;

    public static int Chatty(int x)
    {
        Console.WriteLine("noise on stdout must not corrupt the frames");
        Console.Out.Flush();
        return x * 2;
    }
}
