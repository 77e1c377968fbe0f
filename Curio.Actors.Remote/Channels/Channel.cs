using System.Text;
using Akka.Actor;
using Curio.Actors.Remote.Channels;

namespace Curio.Actors.Remote;

/// <summary>
/// A rendezvous point for message connections between processes or cluster nodes (Curio's <c>Channel</c>), carried by
/// Akka.Remote. One side calls <see cref="AcceptAsync(byte[])"/> (binding the address), the other
/// <see cref="ConnectAsync(byte[])"/>, both with the same authkey; both get a <see cref="ChannelConnection"/>.
/// <para>A standalone Channel (<see cref="Channel(string, int, ChannelOptions?)"/>) runs its own ActorSystem with
/// remoting: the accepting side binds <c>host:port</c>, the connecting side an ephemeral port. Its ActorSystem is
/// terminated when the Channel and the last of its connections are closed. <see cref="Attach"/> rides on an ActorSystem
/// the application already runs with remoting or Akka.Cluster instead.</para>
/// <para>Authentication is mutual (HMAC-SHA256 over 32-byte random nonces, compared in constant time) and always on:
/// an authkey is required. Nothing from a peer reaches user code, and no user object is decoded, before it proved the
/// key. The accepting side drops peers that fail or stay silent past <see cref="ChannelOptions.HandshakeTimeout"/>
/// and keeps accepting (Curio); see <see cref="ChannelOptions.OnPeerRejected"/>.</para>
/// </summary>
public sealed class Channel : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly ActorSystem? _borrowed;
    private readonly Address? _target;
    private Task<ChannelSystem>? _system;
    private IActorRef? _listener;
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

    private Channel(ActorSystem system, Address target, ChannelOptions options)
    {
        _borrowed = system;
        _target = target;
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
    /// </summary>
    public static Channel Attach(ActorSystem system, Address? address = null, ChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var own = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        if (own.Host is null) throw new ArgumentException("Channel.Attach needs an ActorSystem with remoting (akka.actor.provider = remote or cluster).", nameof(system));
        return new Channel(system, address ?? own, options ?? new ChannelOptions());
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
    /// Binds the address and starts listening (Curio's <c>bind</c>); <see cref="AcceptAsync(byte[])"/> does it when
    /// needed. Connectors that arrive before an accept wait in a backlog. A standalone Channel's ActorSystem starts here
    /// (about 0.3 s in a cold process).
    /// </summary>
    public async Task BindAsync()
    {
        var host = await Await(GetSystem(accepting: true));
        lock (_gate)
        {
            if (_closed) throw new ConnectionError("The Channel is closed.");
            if (_listener is not null) return;
            if (_borrowed is not null && !host.Address.Equals(_target))
                throw new InvalidOperationException($"Only the node at {_target} can accept on this Channel; this node is {host.Address}.");
            _listener = host.System.ActorOf(ListenerActor.Props(host, Options), Options.ListenerName);
            Port = host.Address.Port ?? Port;
        }
    }

    /// <summary>
    /// Waits for a peer and authenticates it with <paramref name="authkey"/> (Curio's <c>accept(authkey=...)</c>).
    /// Peers that fail are dropped and the wait goes on. A cancellation point.
    /// </summary>
    public async Task<ChannelConnection> AcceptAsync(byte[] authkey)
    {
        CheckKey(authkey);
        await BindAsync();
        // Rejects are logged in the accepting kernel's log: the Channel's own ActorSystem keeps Akka's logging off.
        var request = new AcceptRequest((byte[])authkey.Clone(), new TaskCompletionSource<ChannelConnection>(TaskCreationOptions.RunContinuationsAsynchronously),
            CurioTask.Current?.Core.Log);
        _listener!.Tell(request);
        return await Await(request.Result.Task, () => request.Result.TrySetCanceled());
    }

    /// <summary>Accepts with a text authkey (UTF-8); see <see cref="AcceptAsync(byte[])"/>.</summary>
    public Task<ChannelConnection> AcceptAsync(string authkey) => AcceptAsync(Encoding.UTF8.GetBytes(authkey ?? throw new ArgumentNullException(nameof(authkey))));

    /// <summary>
    /// Connects to the accepting side and authenticates both ways with <paramref name="authkey"/> (Curio's
    /// <c>connect(authkey=...)</c>). Wrong key: <see cref="AuthenticationError"/>. Handshake not finished within
    /// <see cref="ChannelOptions.HandshakeTimeout"/>: <see cref="TimeoutException"/> ("Connection timed out", Curio's
    /// TimeoutError). Nobody there: <see cref="ConnectionError"/>. No automatic retry. A cancellation point.
    /// </summary>
    public async Task<ChannelConnection> ConnectAsync(byte[] authkey)
    {
        CheckKey(authkey);
        var host = await Await(GetSystem(accepting: false));
        Address target;
        lock (_gate)
        {
            if (_closed) throw new ConnectionError("The Channel is closed.");
            target = _target ?? new Address(host.Address.Protocol, ChannelSystem.SystemName, Host, Port);
        }
        if (Port == 0) throw new ArgumentException("ConnectAsync needs the accepting side's port; this Channel has port 0.");
        var selection = host.System.ActorSelection(new RootActorPath(target) / "user" / Options.ListenerName);
        var tcs = new TaskCompletionSource<ChannelConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = host.System.ActorOf(ConnectionActor.ClientProps(host, (byte[])authkey.Clone(), Options, selection, target, tcs), ConnectionActor.NewName());
        return await Await<ChannelConnection>(tcs.Task, () =>
        {
            if (tcs.TrySetCanceled()) actor.Tell(PoisonPill.Instance);
        });
    }

    /// <summary>Connects with a text authkey (UTF-8); see <see cref="ConnectAsync(byte[])"/>.</summary>
    public Task<ChannelConnection> ConnectAsync(string authkey) => ConnectAsync(Encoding.UTF8.GetBytes(authkey ?? throw new ArgumentNullException(nameof(authkey))));

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
            _listener?.Tell(PoisonPill.Instance);
            sys = _system;
        }
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
