using Akka.Actor;
using Akka.Configuration;
using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Benchmarks.Messaging;

/// <summary>
/// Messages per second into task mailboxes (task to task, actor to task, and a task-to-task ping-pong) against plain
/// actor-to-actor Tell, all in one ActorSystem in the same run.
/// </summary>
public sealed class MessagingBenchmark : IBenchmark
{
    public string Name => "task-mailbox";
    public string Area => "messaging";

    private sealed record Flood(int Count, IActorRef Target);

    /// <summary>Tells Count ints to Target, as fast as it can.</summary>
    private sealed class Flooder : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is Flood f)
                for (var i = 0; i < f.Count; i++) f.Target.Tell(i, Self);
            else if (message is (int count, CurioTask task))
                for (var i = 0; i < count; i++) task.Tell(i, Self);
        }
    }

    /// <summary>Counts ints; completes the promise at the expected count.</summary>
    private sealed class Counter(int expected, TaskCompletionSource done) : UntypedActor
    {
        private int _seen;

        protected override void OnReceive(object message)
        {
            if (message is int && ++_seen == expected) done.TrySetResult();
        }
    }

    /// <summary>Answers every int with the next one (the baseline of the ping-pong).</summary>
    private sealed class Ponger : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is int n) Sender.Tell(n + 1);
        }
    }

    /// <summary>Starts a ping-pong of n round trips with a ponger and completes the promise at the end.</summary>
    private sealed class Pinger(IActorRef ponger, int n, TaskCompletionSource done) : UntypedActor
    {
        protected override void PreStart() => ponger.Tell(0);

        protected override void OnReceive(object message)
        {
            if (message is int k)
            {
                if (k >= 2 * n) done.TrySetResult();
                else ponger.Tell(k + 1);
            }
        }
    }

    public async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext ctx)
    {
        var n = ctx.Scale(200_000);
        var rt = ctx.Scale(50_000);
        var system = ActorSystem.Create("bench-messaging", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var rows = new List<BenchRow>();
        try
        {
            // Baselines: plain actors.
            var actorFlood = await Measure.RateAsync(n, async () =>
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var counter = system.ActorOf(Props.Create(() => new Counter(n, done)));
                var flooder = system.ActorOf(Props.Create(() => new Flooder()));
                flooder.Tell(new Flood(n, counter));
                await done.Task;
                system.Stop(counter);
                system.Stop(flooder);
            }, reps: 3);
            var actorPingPong = await Measure.RateAsync(2 * rt, async () =>
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var ponger = system.ActorOf(Props.Create(() => new Ponger()));
                var pinger = system.ActorOf(Props.Create(() => new Pinger(ponger, rt, done)));
                await done.Task;
                system.Stop(ponger);
                system.Stop(pinger);
            }, reps: 3);

            foreach (var mode in new[] { SchedulingMode.Sequential, SchedulingMode.Parallel })
            {
                var kernel = Curio.Actors.Kernel.Create(system, new KernelOptions { Scheduling = mode });
                try
                {
                    var taskToTask = await Measure.RateAsync(n, async () =>
                    {
                        var consumer = kernel.Spawn(async () =>
                        {
                            for (var i = 0; i < n; i++) await ReceiveAsync<int>();
                        });
                        var producer = kernel.Spawn(async () =>
                        {
                            for (var i = 0; i < n; i++)
                            {
                                consumer.Tell(i);
                                if ((i & 1023) == 0) await Sleep(TimeSpan.Zero); // let the consumer run, as an actor would
                            }
                        });
                        await producer.Completion;
                        await consumer.Completion;
                    }, reps: 3);
                    rows.Add(new BenchRow($"task -> task Tell, {n:N0} msgs ({mode})", "msgs/s", taskToTask, actorFlood, "actor -> actor Tell"));

                    var actorToTask = await Measure.RateAsync(n, async () =>
                    {
                        var consumer = kernel.Spawn(async () =>
                        {
                            for (var i = 0; i < n; i++) await ReceiveAsync<int>();
                        });
                        var flooder = system.ActorOf(Props.Create(() => new Flooder()));
                        flooder.Tell((n, consumer));
                        await consumer.Completion;
                        system.Stop(flooder);
                    }, reps: 3);
                    rows.Add(new BenchRow($"actor -> task Tell, {n:N0} msgs ({mode})", "msgs/s", actorToTask, actorFlood, "actor -> actor Tell"));

                    var taskPingPong = await Measure.RateAsync(2 * rt, async () =>
                    {
                        var ponger = kernel.Spawn(async () =>
                        {
                            while (true)
                            {
                                var k = await ReceiveAsync<int>();
                                Reply(k + 1);
                                if (k + 1 >= 2 * rt) return;
                            }
                        });
                        var pinger = kernel.Spawn(async () =>
                        {
                            ponger.Tell(0);
                            while (await ReceiveAsync<int>() is var k && k < 2 * rt) ponger.Tell(k + 1);
                        });
                        await pinger.Completion;
                        await ponger.Completion;
                    }, reps: 3);
                    rows.Add(new BenchRow($"task <-> task ping-pong, {rt:N0} rounds ({mode})", "msgs/s", taskPingPong, actorPingPong, "actor <-> actor ping-pong"));
                }
                finally
                {
                    await kernel.ShutdownAsync();
                }
            }
        }
        finally
        {
            await system.Terminate();
        }
        return rows;
    }
}
