// A producer feeds workers on other cluster nodes through Channels; a worker node that dies has its job handed to
// another. Three terminals:
//
//     dotnet run --project examples/Cluster -- producer 4053      # the seed node; 30 jobs
//     dotnet run --project examples/Cluster -- worker 4053        # a worker node (any free port)
//     dotnet run --project examples/Cluster -- worker 4053        # another one
//
// Kill one worker (Ctrl-C, or kill -9 its process) while jobs run: the producer sees its connection end, puts the job
// it had back in the queue, and the other worker does it. The producer exits when every job is done.
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Curio.Actors;
using Curio.Actors.Remote;
using static Curio.Actors.Async;

if (args.Length < 2 || args[0] is not ("producer" or "worker"))
{
    Console.WriteLine("usage: producer SEED-PORT [JOBS] | worker SEED-PORT");
    return 2;
}
const string Key = "cluster-example-key";
var seedPort = int.Parse(args[1]);
var producer = args[0] == "producer";
var system = ActorSystem.Create("curio-example", ConfigurationFactory.ParseString($@"
    akka {{
      loglevel = WARNING
      actor.provider = cluster
      remote.dot-netty.tcp {{ hostname = 127.0.0.1, port = {(producer ? seedPort : 0)} }}
      cluster {{
        seed-nodes = [""akka.tcp://curio-example@127.0.0.1:{seedPort}""]
        # a dead node is unreachable after ~1 s and removed by the Split Brain Resolver 2 s later
        failure-detector {{ heartbeat-interval = 200ms, acceptable-heartbeat-pause = 1s }}
        downing-provider-class = ""Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster""
        split-brain-resolver {{ active-strategy = keep-majority, stable-after = 2s }}
      }}
    }}").WithFallback(ChannelConfig.Safe));
var cluster = Cluster.Get(system);
cluster.RegisterOnMemberUp(() => Console.WriteLine($"{cluster.SelfAddress} is up"));
cluster.RegisterOnMemberRemoved(() => Console.WriteLine($"{cluster.SelfAddress} left the cluster"));
var channel = Channel.Attach(system);
try
{
    await Kernel.RunAsync(producer ? () => Produce(args.Length > 2 ? int.Parse(args[2]) : 30) : Work);
}
finally
{
    await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
}
return 0;

// Connects to every worker as it appears; each connection gets jobs one at a time from the queue.
async Task Produce(int jobs)
{
    var queue = new CurioQueue<int>();
    for (var j = 1; j <= jobs; j++) await queue.PutAsync(j);
    var done = new HashSet<int>();
    var allDone = new Event();
    var fed = new HashSet<string>();
    await using var g = new TaskGroup();
    g.Spawn(async () =>
    {
        while (true)
        {
            try
            {
                foreach (var c in await channel.ConnectAllAsync(Key, "workers"))
                {
                    if (!fed.Add(c.PeerAddress)) { await c.CloseAsync(); continue; }   // already feeding that node
                    Console.WriteLine($"worker {c.PeerAddress} joined");
                    g.Spawn(() => Feed(c), daemon: true);
                }
            }
            catch (ConnectionError) { } // no worker yet
            await Sleep(TimeSpan.FromSeconds(1));
        }
    }, daemon: true);

    async Task Feed(ChannelConnection c)
    {
        while (true)
        {
            var job = await queue.GetAsync();
            try
            {
                await c.SendAsync(job);
                Console.WriteLine($"job {job}: {await c.RecvAsync()}");
                done.Add(job);
                if (done.Count == jobs) allDone.Set();
            }
            catch (Exception e) when (e is ConnectionError or EndOfStreamException)
            {
                Console.WriteLine($"worker {c.PeerAddress} lost ({e.GetType().Name}); job {job} goes back in the queue");
                await queue.PutAsync(job);
                fed.Remove(c.PeerAddress);
                return;
            }
        }
    }

    await allDone.WaitAsync();
    Console.WriteLine($"all {jobs} jobs done");
    await g.CancelRemainingAsync();
}

// Offers the endpoint "workers"; does each job it gets (half a second of "work") and answers.
async Task Work()
{
    await channel.BindAsync("workers");
    Console.WriteLine("waiting for the producer (Ctrl-C to stop)");
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    var server = Spawn(async () =>
    {
        while (true)
        {
            var c = await channel.AcceptAsync(Key, "workers");
            Spawn(async () =>
            {
                try
                {
                    while (true)
                    {
                        var job = (int)(await c.RecvAsync())!;
                        Console.WriteLine($"working on job {job}");
                        await Sleep(TimeSpan.FromSeconds(0.5));
                        await c.SendAsync($"done by {cluster.SelfAddress}");
                    }
                }
                catch (Exception e) when (e is ConnectionError or EndOfStreamException) { Console.WriteLine("producer gone"); }
            }, daemon: true);
        }
    });
    await Async.Await(Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
    await server.CancelAsync();
}
