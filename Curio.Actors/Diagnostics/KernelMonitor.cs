using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Curio.Actors;

/// <summary>
/// Curio's monitor: a text console on a TCP port (127.0.0.1:48802 by default) serving one client at a time, on a
/// thread of its own outside the kernel, so it answers while the kernel is stuck. Commands: <c>ps</c>, <c>where N</c>,
/// <c>parents N</c>, <c>cancel N</c> (delivered through the kernel like any cancel), <c>help</c>, <c>quit</c>/<c>exit</c>,
/// matched by prefix as Curio does. Enabled by <see cref="KernelOptions.Monitor"/> or the CURIOMONITOR environment
/// variable, or started here on any loopback endpoint. Use <c>nc 127.0.0.1 48802</c> or tools/Monitor as the client.
/// </summary>
public sealed class KernelMonitor : IDisposable
{
    /// <summary>Curio's monitor port.</summary>
    public const int DefaultPort = 48802;

    private readonly Kernel _kernel;
    private readonly TcpListener _listener;
    private readonly Thread _thread;
    private volatile bool _stopped;
    private TcpClient? _client;

    private KernelMonitor(Kernel kernel, IPEndPoint endPoint)
    {
        _kernel = kernel;
        _listener = new TcpListener(endPoint);
        _listener.Start(1);
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _thread = new Thread(Serve) { IsBackground = true, Name = "curio-monitor" };
        _thread.Start();
    }

    /// <summary>
    /// Starts a console for <paramref name="kernel"/> on <paramref name="host"/>:<paramref name="port"/> (port 0: any free
    /// port, see <see cref="EndPoint"/>). Only loopback addresses are accepted unless <paramref name="allowRemote"/>.
    /// </summary>
    public static KernelMonitor Start(Kernel kernel, string host = "127.0.0.1", int port = DefaultPort, bool allowRemote = false)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var address = IPAddress.Parse(host);
        if (!allowRemote && !IPAddress.IsLoopback(address))
            throw new ArgumentException($"The monitor listens on loopback only ({host} is not); pass allowRemote: true to open it to other hosts.", nameof(host));
        return new KernelMonitor(kernel, new IPEndPoint(address, port));
    }

    /// <summary>Where the console listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Stops listening and drops the connected client.</summary>
    public void Dispose()
    {
        _stopped = true;
        _listener.Stop();
        _client?.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Serve()
    {
        while (!_stopped)
        {
            try
            {
                using var client = _listener.AcceptTcpClient();
                _client = client;
                Session(client.GetStream());
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                if (_stopped) return; // a client that went away: wait for the next
            }
        }
    }

    private void Session(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        writer.WriteLine($"\nCurio Monitor: {_kernel.Tasks.Count} tasks running");
        writer.WriteLine("Type help for commands");
        while (true)
        {
            writer.Write("curio > ");
            if (reader.ReadLine() is not { } line) return;
            var reply = Command(line.Trim(), out var quit);
            if (reply.Length > 0) writer.Write(reply);
            if (quit) return;
        }
    }

    /// <summary>One command's answer (Curio's prefix matching: q/exit, pa, p, w, c, h).</summary>
    internal string Command(string line, out bool quit)
    {
        quit = false;
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return "";
        var cmd = parts[0];
        try
        {
            if (cmd.StartsWith('q') || cmd.StartsWith("exit", StringComparison.Ordinal)) { quit = true; return ""; }
            if (cmd.StartsWith("pa", StringComparison.Ordinal)) return Parents(TaskId(parts));
            if (cmd.StartsWith('p')) return Ps();
            if (cmd.StartsWith('w')) return Where(TaskId(parts));
            if (cmd.StartsWith('c')) return Cancel(TaskId(parts));
            if (cmd.StartsWith('h')) return Help;
            return "Unknown command. Type help.\n";
        }
        catch (FormatException)
        {
            return "Bad command. Type help.\n";
        }
    }

    private const string Help = """
        Commands:
                 ps               : Show task table
                 where taskid     : Show stack frames for a task
                 cancel taskid    : Cancel an indicated task
                 parents taskid   : List task parents
                 quit             : Leave the monitor

        """;

    private static long TaskId(string[] parts) =>
        parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new FormatException();

    private CurioTask? Find(long id) => _kernel.Tasks.FirstOrDefault(t => t.Id == id);

    private string Ps()
    {
        var sb = new StringBuilder();
        sb.Append("Task   State        Cycles     Timeout Sleep   Task\n");
        sb.Append("------ ------------ ---------- ------- ------- --------------------------------------------------\n");
        foreach (var s in _kernel.Snapshot())
        {
            var name = s.Name.Length > 50 ? s.Name[..50] : s.Name;
            sb.Append(CultureInfo.InvariantCulture, $"{s.Id,-6} {s.State,-12} {s.Cycles,-10} {Seconds(s.Timeout),-7} {Seconds(s.Sleep),-7} {name}\n");
        }
        return sb.ToString();
    }

    private static string Seconds(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "None";

    private string Where(long id) => Find(id) is { } t ? t.Traceback() + "\n" : "No task " + id + "\n";

    private string Parents(long id)
    {
        var sb = new StringBuilder();
        var live = _kernel.Tasks.ToDictionary(t => t.Id);
        for (long? cur = id; cur is { } c && live.TryGetValue(c, out var t); cur = t.ParentId)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Id,-6} {t.Name,-20} {t.State}\n");
        return sb.Length == 0 ? "No task " + id + "\n" : sb.ToString();
    }

    private string Cancel(long id)
    {
        if (Find(id) is not { } t) return "No task " + id + "\n";
        _ = t.CancelAsync(blocking: false); // a cancel message to the task's actor, from outside the kernel
        return $"Cancelling task {id}\n";
    }
}
