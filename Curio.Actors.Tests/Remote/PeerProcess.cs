namespace Curio.Actors.Tests.Remote;

/// <summary>A Channel peer in a separate process (Curio.Actors.Remote.TestPeer); see <see cref="ChildProgram"/>.</summary>
public sealed class PeerProcess(params string[] args) : ChildProgram(PeerDll, "peer process", args)
{
    public static string PeerDll { get; } = BuiltDll("Curio.Actors.Remote.TestPeer", "Curio.Actors.Remote.TestPeer.dll");

    public int WaitPort() => int.Parse(WaitLine("PORT ").Substring(5));
}
