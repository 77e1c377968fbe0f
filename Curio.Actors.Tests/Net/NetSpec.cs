using System.Net;
using Curio.Actors.Net;

namespace Curio.Actors.Tests.Net;

/// <summary>Base for network specs: an ActorSystem with Curio.Actors.Net's settings, and an echo handler.</summary>
public abstract class NetSpec : KernelSpec
{
    protected NetSpec() : base(NetConfig.Default) { }

    /// <summary>With more settings for the spec's ActorSystem.</summary>
    protected NetSpec(Akka.Configuration.Config extra) : base(extra.WithFallback(NetConfig.Default)) { }

    // Socket specs drive time by hand: data from the network arrives while every task looks idle to the clock.
    protected override bool AutoJump => false;

    /// <summary>Echoes every byte until end of file.</summary>
    protected static async Task Echo(CurioSocket client, EndPoint _)
    {
        var buf = new byte[65536];
        while (true)
        {
            var n = await client.RecvIntoAsync(buf);
            if (n == 0) return;
            await client.SendAllAsync(buf.AsMemory(0, n));
        }
    }

    protected static async Task<byte[]> RecvExactly(CurioSocket s, int n)
    {
        var buf = new byte[n];
        var got = 0;
        while (got < n)
        {
            var k = await s.RecvIntoAsync(buf.AsMemory(got));
            if (k == 0) throw new EndOfStreamException($"EOF after {got} of {n}");
            got += k;
        }
        return buf;
    }

    /// <summary>A listener that never accepts, with its backlog filled: further SYNs are dropped, so a connect hangs.</summary>
    protected sealed class HangingListener : IDisposable
    {
        private readonly System.Net.Sockets.Socket _listener = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        private readonly List<System.Net.Sockets.Socket> _fillers = new();

        public HangingListener()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(0);
            Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
            for (var i = 0; i < 8; i++)
            {
                var f = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                _fillers.Add(f);
                _ = f.ConnectAsync(IPAddress.Loopback, Port).ContinueWith(_ => { });
            }
        }

        public int Port { get; }

        public void Dispose()
        {
            foreach (var f in _fillers) f.Dispose();
            _listener.Dispose();
        }
    }

    protected static byte[] Pattern(int n, int seed = 1)
    {
        var r = new Random(seed);
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }
}
