using System.Text;
using Akka.Actor;
using Curio.Actors.Remote.Channels;

namespace Curio.Actors.Remote;

/// <summary>
/// A rendezvous point for message connections between processes or cluster nodes (Curio's <c>Channel</c>), carried by
/// Akka.Remote. One side calls <see cref="AcceptAsync(byte[], string?)"/> (binding the address), the other
/// <see cref="ConnectAsync(byte[], string?)"/>, both with the same authkey; both get a <see cref="ChannelConnection"/>.
/// <para>A standalone Channel (<see cref="Channel(string, int, ChannelOptions?)"/>) runs its own ActorSystem with
/// remoting: the accepting side binds <c>host:port</c>, the connecting side an ephemeral port. Its ActorSystem is
/// terminated when the Channel and the last of its connections are closed. <see cref="Attach"/> rides on an ActorSystem
/// the application already runs with remoting or Akka.Cluster instead.</para>
/// <para>Authentication is mutual (HMAC-SHA256 over 32-byte random nonces, compared in constant time) and always on:
/// an authkey is required. Nothing from a peer reaches user code, and no user object is decoded, before it proved the
/// key. The accepting side drops peers that fail or stay silent past <see cref="ChannelOptions.HandshakeTimeout"/>
/// and keeps accepting (Curio); see <see cref="ChannelOptions.OnPeerRejected"/>.</para>
/// </summary>
public sealed partial class Channel : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly ActorSystem? _borrowed;
    private readonly Address? _target;
    private Task<ChannelSystem>? _system;
    private readonly bool _targetGiven;
    private readonly Dictionary<string, IActorRef> _listeners = new();
    private bool _closed;

    /// <summary>A standalone Channel at <paramref name="host"/>:<paramref name="port"/> (port 0: any free port on accept).</summary>
    public Channel(string host, int port, ChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        Options = options ?? new ChannelOptions();
    }

    private Channel(ActorSystem system, Address target, bool targetGiven, ChannelOptions options)
    {
        _borrowed = system;
        _target = target;
        _targetGiven = targetGiven;
        Host = target.Host ?? "";
        Port = target.Port ?? 0;
        Options = options;
    }

    /// <summary>
    /// A Channel on an ActorSystem the application already runs with remoting or Akka.Cluster: no second transport.
    /// <paramref name="address"/> is the accepting node's address (default: this system's own, for the accepting
    /// side; on the other node pass that address, for example a cluster member's <c>Address</c>). Both nodes must
    /// attach (it registers the Channel serializer) and should include <see cref="ChannelConfig.Safe"/> in their config.
    /// Closing such a Channel never terminates the ActorSystem.
    /// <para>On a cluster node, endpoints can be named instead: <c>AcceptAsync(key, name: "jobs")</c> on one node,
    /// <c>ConnectAsync(key, name: "jobs")</c> or <see cref="ConnectAllAsync(byte[], string)"/> on a Channel attached
    /// without an address on another, which find the nodes offering that name through cluster membership.</para>
    /// </summary>
    public static Channel Attach(ActorSystem system, Address? address = null, ChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var own = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        if (own.Host is null) throw new ArgumentException("Channel.Attach needs an ActorSystem with remoting (akka.actor.provider = remote or cluster).", nameof(system));
        return new Channel(system, address ?? own, address is not null, options ?? new ChannelOptions());
    }

    /// <summary>The host of the Channel's address.</summary>
    public string Host { get; }

    /// <summary>The port; on the accepting side the bound port once <see cref="BindAsync"/> (or the first accept) ran.</summary>
    public int Port { get; private set; }

    /// <summary>The options.</summary>
    public ChannelOptions Options { get; }

    /// <summary>The ActorSystem carrying this Channel, once there is one.</summary>
    public ActorSystem? System => _system is { IsCompletedSuccessfully: true } t ? t.Result.System : _borrowed;

    /// <summary>
    /// Binds the address and starts listening (Curio's <c>bind</c>); <see cref="AcceptAsync(byte[], string?)"/> does it
    /// when needed. Connectors that arrive before an accept wait in a backlog. A standalone Channel's ActorSystem starts
    /// here (about 0.3 s in a cold process). With <paramref name="name"/>, binds that named endpoint (letters, digits,
    /// '-', '_' and '.'); each name has its own listener and backlog.
    /// </summary>
    public async Task BindAsync(string? name = null)
    {
        var listenerName = ListenerNameOf(name);
        var host = await Await(GetSystem(accepting: true));
        lock (_gate)
        {
            if (_closed) throw new ConnectionError("The Channel is closed.");
            if (_listeners.ContainsKey(listenerName)) return;
            if (_borrowed is not null && !host.Address.Equals(_target))
                throw new InvalidOperationException($"Only the node at {_target} can accept on this Channel; this node is {host.Address}.");
            _listeners[listenerName] = host.System.ActorOf(ListenerActor.Props(host, Options, (peer, error) => OnRejected(new ChannelRejection(peer, error, name))), listenerName);
            Port = host.Address.Port ?? Port;
        }
    }

    /// <summary>
    /// Waits for a peer and authenticates it with <paramref name="authkey"/> (Curio's <c>accept(authkey=...)</c>), on the
    /// endpoint <paramref name="name"/> if given. Peers that fail are dropped and the wait goes on. A cancellation point.
    /// </summary>
    public async Task<ChannelConnection> AcceptAsync(byte[] authkey, string? name = null)
    {
        CheckKey(authkey);
        await BindAsync(name);
        IActorRef listener;
        lock (_gate) listener = _listeners[ListenerNameOf(name)];
        // Rejects are logged in the accepting kernel's log: the Channel's own ActorSystem keeps Akka's logging off.
        var request = new AcceptRequest((byte[])authkey.Clone(), new TaskCompletionSource<ChannelConnection>(TaskCreationOptions.RunContinuationsAsynchronously),
            CurioTask.Current?.Core.Log);
        listener.Tell(request);
        return await Await(request.Result.Task, () => request.Result.TrySetCanceled());
    }

    /// <summary>Accepts with a text authkey (UTF-8); see <see cref="AcceptAsync(byte[], string?)"/>.</summary>
    public Task<ChannelConnection> AcceptAsync(string authkey, string? name = null) => AcceptAsync(KeyOf(authkey), name);

    /// <summary>
    /// Connects to the accepting side and authenticates both ways with <paramref name="authkey"/> (Curio's
    /// <c>connect(authkey=...)</c>). Wrong key: <see cref="AuthenticationError"/>. Handshake not finished within
    /// <see cref="ChannelOptions.HandshakeTimeout"/>: <see cref="TimeoutException"/> ("Connection timed out", Curio's
    /// TimeoutError). Nobody there: <see cref="ConnectionError"/>. No automatic retry. A cancellation point.
    /// <para>With <paramref name="name"/>: the endpoint of that name; on a cluster node attached without an address, at
    /// a reachable member that offers it (found through cluster membership, one picked at random when several do).</para>
    /// </summary>
    public async Task<ChannelConnection> ConnectAsync(byte[] authkey, string? name = null)
    {
        CheckKey(authkey);
        var listenerName = ListenerNameOf(name);
        var host = await Await(GetSystem(accepting: false));
        if (name is not null && Discovers(host))
        {
            var found = await Await(ClusterDiscovery.FindAsync(host.System, listenerName, Options.ConnectTimeout));
            if (found.Count == 0) throw new ConnectionError($"No reachable cluster member offers the Channel '{name}'.");
            return await ConnectTo(host, authkey, found[Random.Shared.Next(found.Count)], listenerName);
        }
        Address target;
        lock (_gate)
        {
            if (_closed) throw new ConnectionError("The Channel is closed.");
            target = _target ?? new Address(host.Address.Protocol, ChannelSystem.SystemName, Host, Port);
        }
        if (Port == 0) throw new ArgumentException("ConnectAsync needs the accepting side's port; this Channel has port 0.");
        return await ConnectTo(host, authkey, target, listenerName);
    }

    /// <summary>Connects with a text authkey (UTF-8); see <see cref="ConnectAsync(byte[], string?)"/>.</summary>
    public Task<ChannelConnection> ConnectAsync(string authkey, string? name = null) => ConnectAsync(KeyOf(authkey), name);

    /// <summary>
    /// Connects to every reachable cluster member that offers the endpoint <paramref name="name"/>, in member order
    /// (a Channel attached to a cluster node without an address). Members that cannot be reached or time out are
    /// skipped; an <see cref="AuthenticationError"/> closes the connections made and is raised; none at all:
    /// <see cref="ConnectionError"/>. A cancellation point.
    /// </summary>
    public async Task<IReadOnlyList<ChannelConnection>> ConnectAllAsync(byte[] authkey, string name)
    {
        CheckKey(authkey);
        ArgumentNullException.ThrowIfNull(name);
        var listenerName = ListenerNameOf(name);
        var host = await Await(GetSystem(accepting: false));
        if (!Discovers(host)) throw new InvalidOperationException("ConnectAllAsync needs a Channel attached to a cluster node without an address.");
        var found = await Await(ClusterDiscovery.FindAsync(host.System, listenerName, Options.ConnectTimeout));
        var made = new List<ChannelConnection>(found.Count);
        try
        {
            foreach (var address in found)
            {
                try { made.Add(await ConnectTo(host, authkey, address, listenerName)); }
                catch (Exception e) when (e is ConnectionError or TimeoutException) { } // gone meanwhile: skip it
            }
        }
        catch
        {
            foreach (var c in made) await c.CloseAsync();
            throw;
        }
        if (made.Count == 0) throw new ConnectionError($"No reachable cluster member offers the Channel '{name}'.");
        return made;
    }

    /// <summary>Connects to every member offering <paramref name="name"/> with a text authkey; see <see cref="ConnectAllAsync(byte[], string)"/>.</summary>
    public Task<IReadOnlyList<ChannelConnection>> ConnectAllAsync(string authkey, string name) => ConnectAllAsync(KeyOf(authkey), name);

    private bool Discovers(ChannelSystem host) => _borrowed is not null && !_targetGiven && ClusterDiscovery.IsCluster(host.System);

    private async Task<ChannelConnection> ConnectTo(ChannelSystem host, byte[] authkey, Address target, string listenerName)
    {
        lock (_gate)
        {
            if (_closed) throw new ConnectionError("The Channel is closed.");
        }
        var selection = host.System.ActorSelection(new RootActorPath(target) / "user" / listenerName);
        var tcs = new TaskCompletionSource<ChannelConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = host.System.ActorOf(ConnectionActor.ClientProps(host, (byte[])authkey.Clone(), Options, selection, target, tcs), ConnectionActor.NewName());
        return await Await<ChannelConnection>(tcs.Task, () =>
        {
            if (tcs.TrySetCanceled()) actor.Tell(PoisonPill.Instance);
        });
    }

    private string ListenerNameOf(string? name)
    {
        if (name is null) return Options.ListenerName;
        if (name.Length == 0 || name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ArgumentException("A Channel endpoint name has 1 to 100 ASCII letters, digits, '-', '_' or '.'.", nameof(name));
        return Options.ListenerName + "-" + name;
    }

    private static byte[] KeyOf(string authkey) => Encoding.UTF8.GetBytes(authkey ?? throw new ArgumentNullException(nameof(authkey)));

    /// <summary>
    /// Stops listening (Curio's <c>close</c>); pending accepts fail with <see cref="ConnectionError"/>. Connections
    /// already made stay open; a standalone Channel's ActorSystem ends when the last of them is closed.
    /// </summary>
    public ValueTask CloseAsync()
    {
        Task<ChannelSystem>? sys;
        lock (_gate)
        {
            if (_closed) return default;
            _closed = true;
            foreach (var l in _listeners.Values) l.Tell(PoisonPill.Instance);
            sys = _system;
        }
        EndRejections();
        if (sys is { IsCompletedSuccessfully: true }) sys.Result.Release();
        else sys?.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Release(); }, TaskScheduler.Default);
        return default;
    }

    /// <summary>Closes the Channel; see <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc />
    public override string ToString() => $"Channel({Host}:{Port})";

    private Task<ChannelSystem> GetSystem(bool accepting)
    {
        lock (_gate)
        {
            if (_closed) throw new ConnectionError("The Channel is closed.");
            if (_system is not null) return _system;
            if (_borrowed is not null) return _system = Task.FromResult(ChannelSystem.Borrow(_borrowed));
            var options = Options;
            var (hostname, port) = accepting
                ? (Host, Port)
                : (options.LocalHostname ?? (ChannelSystem.IsLoopback(Host) ? Host : global::System.Net.Dns.GetHostName()), 0);
            return _system = Task.Run(() => ChannelSystem.Create(hostname, port, options));
        }
    }

    private static void CheckKey(byte[] authkey)
    {
        ArgumentNullException.ThrowIfNull(authkey);
        if (authkey.Length == 0) throw new ArgumentException("A Channel needs a non-empty authkey.", nameof(authkey));
    }

    // Inside a task: a Curio cancellation point; outside: a plain await.
    private static async Task<T> Await<T>(Task<T> task, Action? onCancel = null)
    {
        if (CurioTask.Current is null) return await task.ConfigureAwait(false);
        if (onCancel is null) return await Async.Await(task);
        return await Async.Await(ct =>
        {
            ct.Register(onCancel);
            return task;
        });
    }
}
