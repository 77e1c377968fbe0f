using Akka.Actor;
using Curio.Actors.Remote.Tasks;

namespace Curio.Actors.Remote;

/// <summary>
/// Tasks on other nodes of a cluster (or remoting peers). Code cannot travel, so a node registers task bodies by name
/// (<see cref="RegisterTask"/>) and another spawns one by that name with Channel-codec arguments
/// (<see cref="SpawnRemote(Kernel, string, string, object?[])"/>). The handle is an ordinary <see cref="CurioTask"/> on the
/// caller's kernel, standing for the remote task: <c>JoinAsync</c> returns its result (through the Channel codec) or
/// raises <see cref="TaskError"/> around a <see cref="RemoteException"/> (the one RunInProcess uses: remote type,
/// message, and the remote stack trace as its <see cref="RemoteTraceback"/> inner exception); <c>CancelAsync</c>
/// cancels the remote task at its next blocking call (Curio's rules) and waits for it; <c>WaitAsync</c>,
/// <c>TimeoutAfter</c> and <see cref="TaskGroup"/> work as with local tasks. If the remote node dies, the handle ends
/// with <see cref="ConnectionError"/> (join: <see cref="TaskError"/> around it) within tens of milliseconds; if the
/// caller's node dies or its handle goes, the remote task is cancelled (no orphans).
/// <para>Each remote task runs over its own authenticated Channel connection to the endpoint <c>curio-tasks</c>. The
/// key is <c>curio.remote-tasks.authkey</c> from the ActorSystem's config, the same on every node; set it: without it
/// a key derived from the ActorSystem's name is used, which authenticates nothing beyond cluster membership.</para>
/// </summary>
public static class RemoteTasks
{
    /// <summary>The node argument of <see cref="SpawnRemote(Kernel, string, string, object?[])"/> that picks any node running the task.</summary>
    public const string AnyNode = "any";

    /// <summary>
    /// Offers <paramref name="body"/> to other nodes as the task <paramref name="name"/> (letters, digits, '-', '_', '.').
    /// The body is any delegate: a lambda or a method group whose parameters take the caller's arguments (converted
    /// between numeric types when needed; a single <c>object?[]</c> parameter takes them all) and that returns a
    /// <see cref="Task"/>, <see cref="Task{T}"/>, <see cref="ValueTask"/>, <see cref="ValueTask{T}"/> or a plain value.
    /// Each spawn runs it as a task of <paramref name="kernel"/>. The first registration starts the node's task server
    /// (a daemon task); one kernel per ActorSystem serves tasks.
    /// </summary>
    public static void RegisterTask(this Kernel kernel, string name, Delegate body)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(body);
        RemoteTaskHost.For(kernel).Register(name, body);
    }

    /// <summary>
    /// Spawns the task <paramref name="taskName"/> registered on <paramref name="node"/> (an Akka address such as
    /// <c>akka.tcp://sys@127.0.0.1:4053</c>, or <see cref="AnyNode"/>: a reachable cluster member that registered it, at
    /// random) and returns its handle, a task of this kernel (a child of the calling task, if any). Never blocks: the
    /// connection is made by the handle, whose failure to reach the node is a <see cref="ConnectionError"/>.
    /// </summary>
    public static CurioTask<object?> SpawnRemote(this Kernel kernel, string node, string taskName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var call = RemoteCall.Create(kernel.System, node, taskName, args);
        return kernel.Spawn(call.RunAsync, name: taskName);
    }

    /// <summary>Spawns a registered task on the node at <paramref name="node"/>; see <see cref="SpawnRemote(Kernel, string, string, object?[])"/>.</summary>
    public static CurioTask<object?> SpawnRemote(this Kernel kernel, Address node, string taskName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(node);
        return kernel.SpawnRemote(node.ToString(), taskName, args);
    }

    /// <summary>
    /// Spawns a registered task on another node as a member of <paramref name="group"/>, beside its local tasks (wait
    /// policies, <c>CancelRemainingAsync</c>, the join's cleanup all apply); see
    /// <see cref="SpawnRemote(Kernel, string, string, object?[])"/>. Called from a task.
    /// </summary>
    public static CurioTask<object?> SpawnRemote(this TaskGroup group, string node, string taskName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(group);
        var me = CurioTask.Require("TaskGroup.SpawnRemote");
        var call = RemoteCall.Create(me.Core.System, node, taskName, args);
        return group.Spawn(call.RunAsync, name: taskName);
    }
}
