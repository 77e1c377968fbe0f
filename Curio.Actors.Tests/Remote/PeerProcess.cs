namespace Curio.Actors.Tests.Remote;

/// <summary>A Channel or cluster peer in a separate process (Curio.Actors.Remote.TestPeer), taking commands on stdin; see <see cref="ChildProgram"/>.</summary>
public sealed class PeerProcess(params string[] args) : ChildProgram(PeerDll, "peer process", args, stdin: true)
{
    public static string PeerDll { get; } = BuiltDll("Curio.Actors.Remote.TestPeer", "Curio.Actors.Remote.TestPeer.dll");

    public int WaitPort() => int.Parse(WaitLine("PORT ").Substring(5));
}
