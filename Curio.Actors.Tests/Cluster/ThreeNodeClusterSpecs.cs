using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Curio.Actors.Remote;
using Curio.Actors.Remote.TestPeer;
using Curio.Actors.Tests.Remote;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Cluster;

/// <summary>
/// A 3-node cluster on 127.0.0.1: this process is the seed (n1), two TestPeer processes join it (n2, n3). Every
/// process is bounded in time (the peers exit by themselves after 60 s) and killed at the end.
/// </summary>
public sealed class ThreeNodeClusterSpecs(Xunit.Abstractions.ITestOutputHelper output) : KernelSpec
{
    private const string Key = ClusterNode.ChannelKey;

    [Fact]
    public async Task Channels_by_name_remote_tasks_a_killed_node_and_a_graceful_leave()
    {
        var n1 = ClusterNode.Start();
        var seed = Akka.Cluster.Cluster.Get(n1).SelfAddress.ToString();
        var kernel = Kernel.Create(n1);
        var log = new ConcurrentQueue<string>();
        var orphanStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kernel.RegisterTask("sleep", async (double seconds) =>
        {
            orphanStarted.TrySetResult();
            try { await Sleep(TimeSpan.FromSeconds(seconds)); }
            catch (CancelledError e) { log.Enqueue("n1 task " + e.GetType().Name); throw; }
        });
        using var p2 = new PeerProcess("cluster", seed, "n2", "60");
        using var p3 = new PeerProcess("cluster", seed, "n3", "60");
        try
        {
            var a2 = Address.Parse(p2.WaitLine("UP ", Limit)[3..]);
            var a3 = Address.Parse(p3.WaitLine("UP ", Limit)[3..]);
            await ClusterNode.WaitForUpMembers(n1, 3, Limit);
            var channel = Channel.Attach(n1, options: new ChannelOptions { HandshakeTimeout = TimeSpan.FromSeconds(10) }); // a first handshake may take over Curio's 1 s on a loaded machine
            await channel.BindAsync("n1");
            kernel.Spawn(async () =>
            {
                while (true)
                {
                    var c = await channel.AcceptAsync(Key, "n1");
                    await c.SendAsync("n1");
                    await c.SendAsync(await c.RecvAsync());
                    await c.CloseAsync();
                }
            }, daemon: true);

            // Channels between all pairs, by name
            p2.Send("connect n1"); p2.Send("connect n3");
            p3.Send("connect n1"); p3.Send("connect n2");
            var pairs = new[] { p2.WaitLine("PAIR "), p2.WaitLine("PAIR "), p3.WaitLine("PAIR "), p3.WaitLine("PAIR ") };
            var r = await RunIn(kernel, async () =>
            {
                var hellos = new List<string>();
                foreach (var c in await channel.ConnectAllAsync(Key, "peers"))
                {
                    hellos.Add((string)(await c.RecvAsync())!);
                    await c.CloseAsync();
                }
                var to2 = await channel.ConnectAsync(Key, name: "n2");
                var to3 = await channel.ConnectAsync(Key, name: "n3");
                var names = new[] { await to2.RecvAsync(), await to3.RecvAsync() };

                // a remote task joined, then one cancelled at its remote Sleep
                var sum = await kernel.SpawnRemote(a2, "add", 2, 3).JoinAsync();
                var sleeper = kernel.SpawnRemote(a2, "sleep", 30.0);
                await Async.Await(Task.Run(() => p2.WaitLine("TASK-STARTED")));
                await sleeper.CancelAsync();
                var cancelled = await Assert.ThrowsAsync<TaskError>(async () => await sleeper.JoinAsync());
                await Async.Await(Task.Run(() => p2.WaitLine("TASK-CANCELLED")));

                // n3 is killed with SIGKILL while n1 reads from it, joins a task on it, and runs a task for it
                var onN3 = kernel.SpawnRemote(a3, "sleep", 30.0);
                await Async.Await(Task.Run(() => p3.WaitLine("TASK-STARTED")));
                p3.Send($"spawn {seed} sleep 30");
                await Async.Await(orphanStarted.Task);
                var reader = Spawn(async () =>
                {
                    try { await to3.RecvAsync(); return null; }
                    catch (Exception e) { return e; }
                });
                var sw = Stopwatch.StartNew();
                p3.Kill();
                var readError = await reader.JoinAsync();
                var readAfter = sw.Elapsed;
                var joinError = await Assert.ThrowsAsync<TaskError>(async () => await onN3.JoinAsync());
                var joinAfter = sw.Elapsed;
                return (hellos, names, sum, cancelled.InnerException, readError, readAfter, joinError.InnerException, joinAfter, to2);
            }, ChildProgram.Limit); // it drives two peer processes: bounded as they are
            output.WriteLine($"SIGKILL seen by a Channel read after {r.readAfter.TotalMilliseconds:0} ms, by a join after {r.joinAfter.TotalMilliseconds:0} ms");
            Assert.All(pairs, line => Assert.Matches(@"^PAIR n\d->n\d ping from n\d$", line));
            Assert.Equal(new[] { "PAIR n2->n1 ping from n2", "PAIR n2->n3 ping from n2" }, pairs[..2].Order());
            Assert.Equal(new[] { "PAIR n3->n1 ping from n3", "PAIR n3->n2 ping from n3" }, pairs[2..].Order());
            Assert.Equal(new[] { "n2", "n3" }, r.hellos.Order());
            Assert.Equal(new object?[] { "n2", "n3" }, r.names);
            Assert.Equal(5, r.sum);
            Assert.IsType<TaskCancelled>(r.Item4);
            Assert.IsType<ConnectionError>(r.readError);
            // The kill is seen through the connection's reset, not Akka's failure detector (10 s and more): well under
            // 5 s even on a loaded 2-core machine, where it is about 1 s; on a quiet one it is milliseconds.
            Assert.True(r.readAfter < TimeSpan.FromSeconds(5), $"the Channel saw the kill after {r.readAfter}");
            Assert.IsType<ConnectionError>(r.Item7);
            Assert.True(r.joinAfter < TimeSpan.FromSeconds(5), $"the join saw the kill after {r.joinAfter}");
            AwaitCondition(() => log.Contains("n1 task TaskCancelled"), Limit);   // the killed caller's task: no orphan

            // membership: unreachable, then downed by the Split Brain Resolver and removed
            var cluster = Akka.Cluster.Cluster.Get(n1);
            var removal = Stopwatch.StartNew();
            AwaitCondition(() => cluster.State.Members.All(m => m.Address != a3), Limit, TimeSpan.FromMilliseconds(50));
            output.WriteLine($"n3 removed from the membership {removal.Elapsed.TotalSeconds:0.0} s after the checks above");

            // n2 leaves gracefully: its connection ends with end of stream, it exits 0 and is removed
            var left = await RunIn(kernel, async () =>
            {
                p2.Send("leave");
                try { await r.to2.RecvAsync(); return null; }
                catch (Exception e) { return e; }
            }, ChildProgram.Limit);
            Assert.IsType<EndOfStreamException>(left);
            Assert.Equal(0, p2.WaitExit(Limit));
            AwaitCondition(() => cluster.State.Members.All(m => m.Address != a2), Limit, TimeSpan.FromMilliseconds(50));
        }
        finally
        {
            await kernel.ShutdownAsync().WaitAsync(Limit);
            await n1.Terminate().WaitAsync(Limit);
        }
    }
}
