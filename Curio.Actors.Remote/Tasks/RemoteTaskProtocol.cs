using System.Text;
using Akka.Actor;

namespace Curio.Actors.Remote.Tasks;

/// <summary>
/// What both ends of a remote task agree on. One Channel connection per remote task, on the endpoint
/// <see cref="Endpoint"/>; messages are Channel-codec arrays:
/// caller → host <c>["spawn", name, args[]]</c>, then maybe <c>["cancel"]</c>;
/// host → caller <c>["result", value]</c>, <c>["failed", type, message, text]</c> or <c>["cancelled", type, message, text]</c>.
/// The connection ending early means the other node went: the host cancels the task, the caller fails its handle.
/// </summary>
internal static class RemoteTaskProtocol
{
    internal const string Endpoint = "curio-tasks";
    internal const string MarkerPrefix = "curio-task-";

    internal static byte[] KeyOf(ActorSystem system)
    {
        var configured = system.Settings.Config.GetString("curio.remote-tasks.authkey", null);
        return Encoding.UTF8.GetBytes(string.IsNullOrEmpty(configured) ? "curio-remote-tasks/" + system.Name : configured);
    }

    internal static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException("A remote task name has 1 to 100 ASCII letters, digits, '-', '_' or '.'.", nameof(name));
    }

    internal static object?[] Failure(string kind, Exception e) => [kind, e.GetType().FullName, e.Message, e.ToString()];
}
