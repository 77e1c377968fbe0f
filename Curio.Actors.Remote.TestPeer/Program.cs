using System.Diagnostics;
using Curio.Actors;
using Curio.Actors.Remote;
using static Curio.Actors.Async;

// A Channel peer for the multi-process specs and benchmarks: dotnet Curio.Actors.Remote.TestPeer.dll MODE PORT KEY [ARGS]
// Prints one line per event on stdout; exits 0 on success, 3 on a Channel error.
var mode = args[0];
if (mode == "akka") // the benchmark's baseline: plain Akka.Remote actors "sink" and "echo", until killed
{
    var sys = Curio.Actors.Remote.TestPeer.RawAkka.CreateSystem(int.Parse(args[1]));
    sys.ActorOf(Akka.Actor.Props.Create(() => new Curio.Actors.Remote.TestPeer.RawAkka.Sink()), "sink");
    sys.ActorOf(Akka.Actor.Props.Create(() => new Curio.Actors.Remote.TestPeer.RawAkka.Echo()), "echo");
    Console.Out.WriteLine($"PORT {((Akka.Actor.ExtendedActorSystem)sys).Provider.DefaultAddress.Port}");
    Console.Out.Flush();
    await sys.WhenTerminated;
    return 0;
}
if (mode.StartsWith("interrupt", StringComparison.Ordinal)) // a plain Kernel.Run program for the Ctrl-C specs
{
    void Line(string line) { Console.Out.WriteLine(line); Console.Out.Flush(); }
    var options = new KernelOptions
    {
        InterruptGrace = TimeSpan.FromSeconds(mode == "interrupt-stubborn" ? 2 : 10),
        ThrowOnInterrupt = mode != "interrupt-return",
        Scheduling = args.Length > 1 && args[1] == "parallel" ? SchedulingMode.Parallel : SchedulingMode.Sequential,
    };
    try
    {
        var r = Kernel.Run(async () =>
        {
            for (var i = 1; i <= 2; i++)
            {
                var n = i;
                Spawn(async () =>
                {
                    try
                    {
                        if (mode == "interrupt-stubborn" && n == 1)
                            using (DisableCancellation()) await Sleep(TimeSpan.FromHours(1));
                        else await Sleep(TimeSpan.FromHours(1));
                    }
                    finally { Line($"finally child {n}"); }
                });
            }
            try
            {
                Line("READY");
                await Sleep(TimeSpan.FromHours(1));
            }
            finally { Line("finally main"); }
            return 1;
        }, options);
        Line($"RETURNED {r}");
        return 0;
    }
    catch (KeyboardInterrupt e)
    {
        Line($"KeyboardInterrupt {e.Signal} abandoned [{string.Join(", ", e.Abandoned)}]");
        return 4;
    }
}
if (mode == "cluster") // a cluster node: cluster SEED NAME [LIMIT-SECONDS]
    return Curio.Actors.Remote.TestPeer.ClusterPeer.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 60);
var port = int.Parse(args[1]);
var key = args.Length > 2 ? args[2] : "peekaboo";
int Arg(int i, int dflt) => args.Length > i ? int.Parse(args[i]) : dflt;
void Say(string line) { Console.Out.WriteLine(line); Console.Out.Flush(); }

try
{
    Kernel.Run(async () =>
    {
        switch (mode)
        {
            case "producer": // the how-to's producer: accept, send 0..9 and None, return without closing
            {
                var ch = new Channel("127.0.0.1", port);
                await ch.BindAsync();
                Say($"PORT {ch.Port}");
                var c = await ch.AcceptAsync(key);
                for (var i = 0; i < Arg(3, 10); i++) await c.SendAsync(i);
                await c.SendAsync(null);
                break;
            }
            case "consumer": // the how-to's consumer
            {
                var ch = new Channel("127.0.0.1", port);
                var c = await ch.ConnectAsync(key);
                while (true)
                {
                    var msg = await c.RecvAsync();
                    if (msg is null) break;
                    Say($"Got: {msg}");
                }
                Say("DONE");
                break;
            }
            case "sender": // connect and send COUNT ints (SIZE 0) or byte messages of SIZE bytes, then close
            {
                var count = Arg(3, 1000);
                var size = Arg(4, 0);
                var c = await new Channel("127.0.0.1", port).ConnectAsync(key);
                Say("CONNECTED");
                for (var i = 0; i < count; i++)
                {
                    if (size == 0) await c.SendAsync(i);
                    else
                    {
                        var b = new byte[size];
                        for (var j = 0; j < size; j++) b[j] = (byte)(i + j);
                        await c.SendBytesAsync(b);
                    }
                }
                await c.CloseAsync();
                Say("SENT");
                break;
            }
            case "stream": // connect and send ints until killed
            {
                var c = await new Channel("127.0.0.1", port).ConnectAsync(key);
                Say("CONNECTED");
                for (var i = 0; ; i++)
                {
                    await c.SendAsync(i);
                    if (i % 1000 == 999) await Sleep(TimeSpan.FromMilliseconds(1));
                }
            }
            case "accept-many": // accept N peers; from each read one message; report rejected peers
            {
                var ch = new Channel("127.0.0.1", port, new ChannelOptions
                {
                    OnPeerRejected = (peer, e) => Say($"REJECTED {e.GetType().Name}: {e.Message}"),
                });
                await ch.BindAsync();
                Say($"PORT {ch.Port}");
                for (var n = Arg(3, 1); n > 0; n--)
                {
                    var c = await ch.AcceptAsync(key);
                    Say($"ACCEPTED {await c.RecvAsync()}");
                    await c.SendAsync("bye");
                    await c.CloseAsync();
                }
                await ch.CloseAsync();
                break;
            }
            case "connect-send": // connect, send one string, read the reply
            {
                var c = await new Channel("127.0.0.1", port).ConnectAsync(key);
                await c.SendAsync(args.Length > 3 ? args[3] : "hello");
                Say($"REPLY {await c.RecvAsync()}");
                await c.CloseAsync();
                break;
            }
            case "echo": // benchmark peer: accept, echo every message until EOF (repeatedly)
            {
                var ch = new Channel("127.0.0.1", port);
                await ch.BindAsync();
                Say($"PORT {ch.Port}");
                while (true) await Curio.Actors.Remote.TestPeer.EchoPeer.ServeAsync(await ch.AcceptAsync(key));
            }
            default:
                throw new ArgumentException("unknown mode " + mode);
        }
    });
}
catch (Exception e) when (e is ConnectionError or TimeoutException or EndOfStreamException)
{
    Say($"ERROR {e.GetType().Name}: {e.Message}");
    return 3;
}
return 0;
