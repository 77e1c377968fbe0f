using System.Net;
using System.Net.Sockets;

namespace Curio.Actors.Net;

// Curio's socket module functions that make sockets or ask DNS (curio.socket): static members of the socket type.
public sealed partial class CurioSocket
{
    /// <summary>
    /// Binds and listens on <paramref name="host"/>:<paramref name="port"/> (Curio's <c>socket()</c>, <c>bind</c>,
    /// <c>listen(backlog)</c>; "" is every IPv4 interface, "::" every interface dual stack, port 0 a free port). Take
    /// clients with <see cref="ListeningSocket.AcceptAsync"/>.
    /// </summary>
    public static Task<ListeningSocket> Listen(string host, int port, int backlog = 100) => ListeningSocket.BindAsync(host, port, backlog);

    /// <summary>
    /// Binds and listens on the Unix domain socket file <paramref name="path"/> (Curio's <c>socket(AF_UNIX)</c>,
    /// <c>bind(path)</c>, <c>listen</c>; <c>unix_server_socket</c>). A path that exists raises
    /// <see cref="AddressInUseError"/>, one longer than 107 bytes <see cref="NetworkError"/>; closing the listener
    /// removes the file.
    /// </summary>
    public static Task<ListeningSocket> ListenUnix(string path, int backlog = 100) => Task.FromResult(ListeningSocket.BindUnix(path, backlog));

    /// <summary>
    /// A connected pair of sockets (Curio's <c>socketpair()</c>), over loopback TCP: what one sends, the other receives.
    /// </summary>
    public static async Task<(CurioSocket, CurioSocket)> SocketPair()
    {
        await using var listener = await Listen("127.0.0.1", 0, 1).ConfigureAwait(true);
        var a = await Network.OpenConnection("127.0.0.1", listener.Port).ConfigureAwait(true);
        try
        {
            var (b, _) = await listener.AcceptAsync().ConfigureAwait(true);
            return (a, b);
        }
        catch
        {
            await a.CloseAsync().ConfigureAwait(true);
            throw;
        }
    }

    /// <summary>
    /// Resolves <paramref name="host"/> and <paramref name="port"/> (Curio's <c>getaddrinfo</c>, a cancellation point):
    /// one entry per address, IPv4 first as the resolver gave them. An IP address is returned as it is, without DNS.
    /// </summary>
    /// <param name="host">A host name or address; "" or null is the local host's addresses.</param>
    /// <param name="port">The port to put in every endpoint.</param>
    /// <param name="family"><see cref="AddressFamily.Unspecified"/> for both, or one family.</param>
    /// <param name="type">The socket type reported in each entry.</param>
    public static async Task<IReadOnlyList<(AddressFamily Family, SocketType Type, ProtocolType Protocol, string CanonName, IPEndPoint Address)>>
        GetAddrInfoAsync(string? host, int port, AddressFamily family = AddressFamily.Unspecified, SocketType type = SocketType.Stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        CurioTask.Require(nameof(GetAddrInfoAsync));
        IPAddress[] addresses = IPAddress.TryParse(host, out var ip)
            ? [ip]
            : await Async.Await(ct => Dns.GetHostAddressesAsync(host ?? "", family, ct)).ConfigureAwait(true);
        var protocol = type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp;
        return addresses
            .Where(a => family == AddressFamily.Unspecified || a.AddressFamily == family)
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Select(a => (a.AddressFamily, type, protocol, "", new IPEndPoint(a, port)))
            .ToArray();
    }

    /// <summary>
    /// The host name and port of an address (Curio's <c>getnameinfo</c>, a cancellation point): a reverse lookup,
    /// or the address itself when it has no name.
    /// </summary>
    public static async Task<(string Host, string Port)> GetNameInfoAsync(IPEndPoint address)
    {
        ArgumentNullException.ThrowIfNull(address);
        CurioTask.Require(nameof(GetNameInfoAsync));
        string name;
        try { name = (await Async.Await(ct => Dns.GetHostEntryAsync(address.Address.ToString(), ct)).ConfigureAwait(true)).HostName; }
        catch (SocketException) { name = address.Address.ToString(); }
        return (name, address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The first IPv4 address of <paramref name="host"/> as text (Curio's <c>gethostbyname</c>, a cancellation point).</summary>
    public static async Task<string> GetHostByNameAsync(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var all = await GetAddrInfoAsync(host, 0, AddressFamily.InterNetwork).ConfigureAwait(true);
        if (all.Count == 0) throw new SocketException((int)SocketError.HostNotFound);
        return all[0].Address.Address.ToString();
    }

    /// <summary>This machine's host name (Curio's <c>gethostname</c>).</summary>
    public static async Task<string> GetHostNameAsync()
    {
        CurioTask.Require(nameof(GetHostNameAsync));
        return await Async.RunInThread(() => Dns.GetHostName()).ConfigureAwait(true);
    }

    /// <summary>
    /// The fully qualified name of <paramref name="name"/> (Curio's <c>getfqdn</c>, a cancellation point): "" is this
    /// machine; a name that does not resolve is returned as it is, as Python does.
    /// </summary>
    public static async Task<string> GetFqdnAsync(string name = "")
    {
        ArgumentNullException.ThrowIfNull(name);
        CurioTask.Require(nameof(GetFqdnAsync));
        var host = name.Length == 0 || name == "0.0.0.0" ? await GetHostNameAsync().ConfigureAwait(true) : name;
        try { return (await Async.Await(ct => Dns.GetHostEntryAsync(host, ct)).ConfigureAwait(true)).HostName; }
        catch (SocketException) { return host; }
    }
}
