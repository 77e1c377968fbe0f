using System.Net;
using System.Net.Sockets;

namespace Curio.Actors.Tests.HowTo;

/// <summary>A how-to recipe run as a user runs it (<c>dotnet HowTo.dll RECIPE ARGS</c>); see <see cref="ChildProgram"/>.</summary>
public sealed class RecipeProcess(params string[] args) : ChildProgram(HowToDll, "recipe", args)
{
    /// <summary>examples/HowTo's build output, next to this test assembly's (same configuration and framework).</summary>
    public static string HowToDll { get; } = BuiltDll(Path.Combine("examples", "HowTo"), "HowTo.dll");

    /// <summary>Waits for the end (bounded) and returns every stdout line; asserts exit code 0.</summary>
    public IReadOnlyList<string> WaitSuccess()
    {
        var code = WaitExit();
        Assert.True(code == 0, $"The recipe exited with {code}. Output:\n{Output}");
        return StdoutLines;
    }

    /// <summary>A port free now (bound on 0, then released), so parallel runs never meet on the how-to's fixed ports.</summary>
    public static int FreeTcpPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        try { return ((IPEndPoint)l.LocalEndpoint).Port; }
        finally { l.Stop(); }
    }

    public static int FreeUdpPort()
    {
        using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)u.Client.LocalEndPoint!).Port;
    }
}
