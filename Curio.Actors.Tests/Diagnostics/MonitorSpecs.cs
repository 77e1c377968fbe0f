using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Diagnostics;

/// <summary>Curio's monitor console, driven over a loopback socket as a person with nc would.</summary>
public class MonitorSpecs : KernelSpec
{
    protected override bool AutoJump => false;

    private sealed class Client : IDisposable
    {
        private readonly TcpClient _tcp = new();
        private readonly NetworkStream _stream;
        private readonly StringBuilder _pending = new();

        public Client(KernelMonitor monitor)
        {
            _tcp.Connect(monitor.EndPoint);
            _stream = _tcp.GetStream();
            _stream.ReadTimeout = 20_000; // every read bounded
        }

        /// <summary>Everything up to the next prompt (the prompt excluded), or null once the server closed.</summary>
        public string? UntilPrompt()
        {
            var buf = new byte[4096];
            while (true)
            {
                var s = _pending.ToString();
                var i = s.IndexOf("curio > ", StringComparison.Ordinal);
                if (i >= 0)
                {
                    _pending.Remove(0, i + 8);
                    return s[..i];
                }
                var n = _stream.Read(buf);
                if (n == 0) return null;
                _pending.Append(Encoding.UTF8.GetString(buf, 0, n));
            }
        }

        public string? Say(string line)
        {
            _stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
            return UntilPrompt();
        }

        public void Dispose() => _tcp.Dispose();
    }

    private static int Here([CallerLineNumber] int line = 0) => line;

    [Fact]
    public async Task Ps_where_parents_cancel_help_and_quit_over_a_socket()
    {
        var k = NewKernel();
        var ev = new Event();
        CurioTask? child = null;
        var childLine = 0;
        var parent = k.Spawn(async () =>
        {
            child = Spawn(async () => { childLine = Here(); await ev.WaitAsync(); }, name: "child");
            try { await child.JoinAsync(); } catch (TaskError) { }
        }, name: "parent");
        AwaitCondition(() => parent.State == "TASK_JOIN" && child?.State == "EVENT_WAIT", Limit);
        using var monitor = KernelMonitor.Start(k, port: 0);
        using var c = new Client(monitor);

        Assert.Contains("Curio Monitor: 2 tasks running", c.UntilPrompt());
        var ps = c.Say("ps")!.Split('\n');
        Assert.StartsWith("Task   State        Cycles     Timeout Sleep   Task", ps[0]);
        Assert.Equal($"{parent.Id,-6} {"TASK_JOIN",-12} {1,-10} {"None",-7} {"None",-7} parent", ps[2]);
        Assert.Equal($"{child!.Id,-6} {"EVENT_WAIT",-12} {1,-10} {"None",-7} {"None",-7} child", ps[3]);
        Assert.Contains($"MonitorSpecs.cs\", line {childLine}, in MonitorSpecs.Ps_where_parents_cancel_help_and_quit_over_a_socket.<lambda>", c.Say($"where {child.Id}"));
        Assert.Equal($"{child.Id,-6} {"child",-20} EVENT_WAIT\n{parent.Id,-6} {"parent",-20} TASK_JOIN\n", c.Say($"pa {child.Id}"));
        Assert.StartsWith("Unknown command", c.Say("frobnicate"));
        Assert.StartsWith("Bad command", c.Say("where x"));
        Assert.StartsWith("Bad command", c.Say("cancel"));
        Assert.Contains("parents taskid", c.Say("h"));
        Assert.Equal($"Cancelling task {child.Id}\n", c.Say($"cancel {child.Id}"));
        await Assert.ThrowsAsync<TaskCancelled>(() => child.Completion.WaitAsync(Limit)); // delivered through the kernel
        await parent.Completion.WaitAsync(Limit);
        Assert.Null(c.Say("quit"));

        using var again = new Client(monitor); // one client at a time: the next one is served after quit
        Assert.Contains("Curio Monitor: 0 tasks running", again.UntilPrompt());
        Assert.Null(again.Say("exit"));
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Fact]
    public async Task The_console_answers_while_the_kernel_is_stuck()
    {
        var k = NewKernel(SchedulingMode.Sequential);
        using var release = new ManualResetEventSlim();
        var entered = new ManualResetEventSlim();
        var stuck = k.Spawn(async () =>
        {
            entered.Set();
            release.Wait(Limit); // blocks the kernel's only thread (bounded)
            await Sleep(TimeSpan.Zero);
        }, name: "stuck");
        Assert.True(entered.Wait(Limit));
        using var monitor = KernelMonitor.Start(k, port: 0);
        using var c = new Client(monitor);
        c.UntilPrompt();
        Assert.Contains($"{stuck.Id,-6} {"RUNNING",-12}", c.Say("ps"));
        release.Set();
        await stuck.Completion.WaitAsync(Limit);
        await k.ShutdownAsync().WaitAsync(Limit);
    }

    [Fact]
    public void Only_loopback_unless_asked()
    {
        var k = NewKernel();
        Assert.Throws<ArgumentException>(() => KernelMonitor.Start(k, "0.0.0.0", 0));
    }
}
