using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Akka.Actor;
using static Curio.Actors.Async;

namespace Curio.Actors.Remote.Tasks;

/// <summary>
/// A node's task server: the registered bodies, an inert marker actor per name (/user/curio-task-NAME, what
/// <see cref="RemoteTasks.AnyNode"/> finds through membership), and a daemon task accepting one Channel connection
/// per remote spawn, each served by a task that runs the body as its child.
/// </summary>
internal sealed class RemoteTaskHost
{
    private static readonly ConditionalWeakTable<ActorSystem, RemoteTaskHost> s_hosts = new();
    private readonly Kernel _kernel;
    private readonly ConcurrentDictionary<string, Delegate> _bodies = new();
    private readonly object _gate = new();
    private bool _serving;

    private RemoteTaskHost(Kernel kernel) => _kernel = kernel;

    internal static RemoteTaskHost For(Kernel kernel)
    {
        var host = s_hosts.GetValue(kernel.System, _ => new RemoteTaskHost(kernel));
        if (host._kernel != kernel)
            throw new InvalidOperationException("Another kernel of this ActorSystem already serves remote tasks: one kernel per ActorSystem does.");
        return host;
    }

    internal void Register(string name, Delegate body)
    {
        RemoteTaskProtocol.CheckName(name);
        if (((ExtendedActorSystem)_kernel.System).Provider.DefaultAddress.Host is null)
            throw new InvalidOperationException("Remote tasks need an ActorSystem with remoting (akka.actor.provider = remote or cluster).");
        lock (_gate)
        {
            if (!_bodies.TryAdd(name, body)) throw new ArgumentException($"A task named '{name}' is already registered.", nameof(name));
            _kernel.System.ActorOf(Props.Create<Marker>(), RemoteTaskProtocol.MarkerPrefix + name);
            if (_serving) return;
            _serving = true;
        }
        var channel = Channel.Attach(_kernel.System);
        var key = RemoteTaskProtocol.KeyOf(_kernel.System);
        // Off any task's context (RegisterTask may be called from one): on a borrowed system the bind completes at once.
        Task.Run(() => channel.BindAsync(RemoteTaskProtocol.Endpoint)).GetAwaiter().GetResult();
        _kernel.Spawn(async () =>
        {
            while (true)
            {
                var conn = await channel.AcceptAsync(key, RemoteTaskProtocol.Endpoint);
                Spawn(() => Serve(conn), daemon: true, name: "curio-task-connection");
            }
        }, daemon: true, name: "curio-task-server");
    }

    private async Task Serve(ChannelConnection conn)
    {
        try
        {
            if (await conn.RecvAsync() is not object?[] { Length: 3 } req || req[0] is not "spawn" || req[1] is not string name || req[2] is not object?[] args)
                return;
            if (!_bodies.TryGetValue(name, out var body))
            {
                await conn.SendAsync(RemoteTaskProtocol.Failure("failed", new KeyNotFoundException($"No task named '{name}' is registered on this node.")));
                return;
            }
            var task = Spawn(() => Invoke(body, args), name: name);
            // The caller's node going (its connection lost or closed early) cancels the task: no orphans.
            var watch = Spawn(async () =>
            {
                try
                {
                    if (await conn.RecvAsync() is object?[] { Length: > 0 } m && m[0] is "cancel") await task.CancelAsync(blocking: false);
                }
                catch (Exception e) when (e is ConnectionError or EndOfStreamException) { await task.CancelAsync(blocking: false); }
            }, daemon: true, name: "curio-task-watch");
            try
            {
                await task.WaitAsync();
            }
            finally
            {
                await DisableCancellation(async () =>
                {
                    if (!task.Terminated) await task.CancelAsync(); // this node is shutting down
                    await watch.CancelAsync();
                });
            }
            object?[] outcome = task.Exception switch
            {
                null => ["result", task.Result],
                CancelledError c => RemoteTaskProtocol.Failure("cancelled", c),
                var e => RemoteTaskProtocol.Failure("failed", e),
            };
            try { await conn.SendAsync(outcome); }
            catch (ChannelSerializationError e) { await conn.SendAsync(RemoteTaskProtocol.Failure("failed", e)); }
        }
        catch (Exception e) when (e is ConnectionError or EndOfStreamException) { } // the caller went
        finally
        {
            await DisableCancellation(async () => await conn.CloseAsync());
        }
    }

    // Runs inside the task: the body's awaits resume on the task's actor.
    private static async Task<object?> Invoke(Delegate body, object?[] args)
    {
        object? r;
        try { r = body.DynamicInvoke(Arguments(body.Method, args)); }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }
        switch (r)
        {
            case Task t:
                await t;
                return ResultOf(t);
            case ValueTask vt:
                await vt;
                return null;
            case not null when r.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(r, null)!;
                await asTask;
                return ResultOf(asTask);
            default:
                return r;
        }
    }

    private static object? ResultOf(Task t)
    {
        var type = t.GetType();
        while (type is not null && !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))) type = type.BaseType;
        if (type is null || type.GetGenericArguments()[0].Name == "VoidTaskResult") return null;
        return type.GetProperty(nameof(Task<int>.Result))!.GetValue(t);
    }

    private static object?[] Arguments(MethodInfo method, object?[] args)
    {
        var ps = method.GetParameters();
        if (ps.Length == 1 && ps[0].ParameterType == typeof(object?[])) return [args];
        if (ps.Length != args.Length)
            throw new ArgumentException($"The task takes {ps.Length} argument(s); {args.Length} given.");
        var converted = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var want = ps[i].ParameterType;
            var target = Nullable.GetUnderlyingType(want) ?? want;
            var a = args[i];
            if (a is null)
            {
                if (want.IsValueType && Nullable.GetUnderlyingType(want) is null) throw new ArgumentException($"Argument {i + 1} ({ps[i].Name}) cannot be null.");
                converted[i] = null;
            }
            else if (want.IsInstanceOfType(a)) converted[i] = a;
            else if (a is IConvertible && (target.IsPrimitive || target == typeof(decimal)))
                converted[i] = Convert.ChangeType(a, target, System.Globalization.CultureInfo.InvariantCulture);
            else throw new ArgumentException($"Argument {i + 1} ({ps[i].Name}) is a {a.GetType().Name}; the task wants a {want.Name}.");
        }
        return converted;
    }

    private sealed class Marker : UntypedActor
    {
        protected override void OnReceive(object message) { } // found by Identify, which Akka answers itself
    }
}
