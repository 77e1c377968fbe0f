using System.Net.Sockets;

// The monitor's client (Curio's `python -m curio.monitor`): dotnet run --project tools/Monitor -- [-H host] [-p port]
var host = "127.0.0.1";
var port = 48802;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "-H") host = args[i + 1];
    else if (args[i] == "-p") port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
}
using var tcp = new TcpClient();
try
{
    await tcp.ConnectAsync(host, port);
}
catch (SocketException e)
{
    Console.Error.WriteLine($"No Curio monitor on {host}:{port}: {e.Message}");
    return 1;
}
var stream = tcp.GetStream();
var output = stream.CopyToAsync(Console.OpenStandardOutput()); // the console's replies, as they come
var input = Task.Run(async () =>
{
    while (Console.ReadLine() is { } line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        await stream.WriteAsync(bytes);
    }
    tcp.Client.Shutdown(SocketShutdown.Send);
});
await Task.WhenAny(output, input);
await output; // the server closes after quit
return 0;
