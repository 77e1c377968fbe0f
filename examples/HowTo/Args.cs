using System.Globalization;

namespace HowTo;

/// <summary>The few command-line arguments the recipes take: positional values and <c>--flag [value]</c> options.</summary>
public static class Args
{
    /// <summary>Where the TCP servers listen: every IPv4 interface, as Curio's <c>''</c>.</summary>
    public const string Host = "";

    /// <summary>The <paramref name="index"/>th argument that is not an option, or <paramref name="fallback"/>.</summary>
    public static string At(string[] args, int index, string fallback)
    {
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !IsValued(args[i - 1]))).ToArray();
        return index < positional.Length ? positional[index] : fallback;
    }

    /// <summary>The <paramref name="index"/>th positional argument as a port number, or <paramref name="fallback"/>.</summary>
    public static int Port(string[] args, int index, int fallback) => int.Parse(At(args, index, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Whether <c>--name</c> is present.</summary>
    public static bool Flag(string[] args, string name) => args.Contains(name);

    /// <summary>The value after <c>--name</c>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    // Options that take a value; a value after them is not positional.
    private static bool IsValued(string a) => a is "--cert" or "--key";
}
