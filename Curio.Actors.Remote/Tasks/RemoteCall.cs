using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Akka.Actor;
using Curio.Actors.Remote.Channels;
using static Curio.Actors.Async;

namespace Curio.Actors.Remote.Tasks;

/// <summary>
/// The body of a remote task's handle: connects to the node's task server, asks for the spawn, and waits for the
/// outcome. A cancel of the handle (delivered at that wait, so with Curio's rules) is forwarded and the handle then
/// waits, shielded, for the remote task to end.
/// </summary>
internal sealed class RemoteCall
{
    private static readonly ConcurrentDictionary<(ActorSystem, string), Channel> s_channels = new();
    private readonly ActorSystem _system;
    private readonly string _node;
    private readonly string _taskName;
    private readonly object?[] _args;

    private RemoteCall(ActorSystem system, string node, string taskName, object?[] args)
    {
        _system = system;
        _node = node;
        _taskName = taskName;
        _args = args;
    }

    internal static RemoteCall Create(ActorSystem system, string node, string taskName, object?[]? args)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        RemoteTaskProtocol.CheckName(taskName);
        if (node != RemoteTasks.AnyNode) _ = Address.Parse(node); // a malformed address fails the caller, not the handle
        if (node == RemoteTasks.AnyNode && !ClusterDiscovery.IsCluster(system))
            throw new InvalidOperationException($"SpawnRemote(\"{RemoteTasks.AnyNode}\", ...) needs a cluster node (akka.actor.provider = cluster).");
        return new RemoteCall(system, node, taskName, args ?? [null]);
    }

    internal async Task<object?> RunAsync()
    {
        var node = _node;
        if (node == RemoteTasks.AnyNode)
        {
            var found = await Async.Await(ClusterDiscovery.FindAsync(_system, RemoteTaskProtocol.MarkerPrefix + _taskName, TimeSpan.FromSeconds(5)));
            if (found.Count == 0) throw new ConnectionError($"No reachable cluster member runs the task '{_taskName}'.");
            node = found[Random.Shared.Next(found.Count)].ToString();
        }
        var channel = s_channels.GetOrAdd((_system, node), k => Channel.Attach(k.Item1, Address.Parse(k.Item2)));
        var conn = await channel.ConnectAsync(RemoteTaskProtocol.KeyOf(_system), RemoteTaskProtocol.Endpoint);
        try
        {
            await conn.SendAsync(new object?[] { "spawn", _taskName, _args });
            object? outcome;
            try
            {
                outcome = await conn.RecvAsync();
            }
            catch (CancelledError cancel)
            {
                // Forwarded, then waited for with delivery off: the handle ends only when the remote task has.
                outcome = await DisableCancellation(async () =>
                {
                    try
                    {
                        await conn.SendAsync(new object?[] { "cancel" });
                        return await conn.RecvAsync();
                    }
                    catch (Exception e) when (e is ConnectionError or EndOfStreamException) { return null; } // it died with its node
                });
                if (outcome is null or object?[] { Length: > 0 } and [ "cancelled", ..])
                    ExceptionDispatchInfo.Throw(cancel);
            }
            return outcome switch
            {
                object?[] { Length: 2 } and ["result", var value] => value,
                object?[] { Length: 4 } and [string, string type, var message, string text] =>
                    throw new RemoteException(type, message as string ?? "", _taskName, new RemoteTraceback(text), $"on the node {node}"),
                _ => throw new ConnectionError($"The node {node} answered the remote task '{_taskName}' with something that is not an outcome."),
            };
        }
        catch (EndOfStreamException)
        {
            throw new ConnectionError($"The node {node} closed the connection of the remote task '{_taskName}' before it ended.");
        }
        finally
        {
            await DisableCancellation(async () => await conn.CloseAsync());
        }
    }
}
