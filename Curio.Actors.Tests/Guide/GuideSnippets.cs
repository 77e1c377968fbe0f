// The code of docs/guide: every ```csharp block there is a region of this file (or of another file of this project)
// between "// snippet: NAME" and "// end snippet", checked to be the same text by GuideSpecs, which also runs the
// snippets that make sense on their own.
using System.Net;
using System.Text;
using Akka.Actor;
using Curio.Actors;
using Curio.Actors.Net;
using Curio.Actors.Remote;
using static Curio.Actors.Async;

namespace GuideExamples;   // outside Curio.Actors.Tests, whose namespaces would shadow the library's names

public static class GuideSnippets
{
    public static int GettingStarted()
    {
        // snippet: getting-started
        var answer = Kernel.Run(async () =>
        {
            var child = Spawn(async () =>
            {
                await Sleep(TimeSpan.FromMilliseconds(100));
                return 42;
            });
            Console.WriteLine($"started task {child.Id}");
            return await child.JoinAsync();       // the child's result, or its exception
        });
        Console.WriteLine($"the answer is {answer}");
        // end snippet
        return answer;
    }

    public static async Task Cancel(List<string> log)
    {
        // snippet: cancel
        var worker = Spawn(async () =>
        {
            try
            {
                await Sleep(TimeSpan.FromHours(1));   // parked: a cancel lands here
            }
            catch (TaskCancelled)
            {
                log.Add("worker: cancelled at its Sleep");
                throw;                                // let the cancellation end the task
            }
        });
        await Sleep(TimeSpan.FromSeconds(1));
        await worker.CancelAsync();                   // waits until the worker has ended
        log.Add($"worker cancelled: {worker.Cancelled}");
        // end snippet
    }

    public static async Task Shield(List<string> log)
    {
        // snippet: shield
        var saver = Spawn(async () =>
        {
            using (DisableCancellation())
            {
                await Sleep(TimeSpan.FromSeconds(2));     // a cancel now stays pending...
                log.Add("saved");
            }
            await Sleep(TimeSpan.FromSeconds(1));         // ...and lands at the next blocking call
            log.Add("never printed");
        });
        await Sleep(TimeSpan.FromSeconds(1));
        await saver.CancelAsync();
        log.Add($"saver: {saver.Exception?.GetType().Name}");
        // end snippet
    }

    public static async Task<(string, string?)> Timeouts()
    {
        // snippet: timeouts
        static async Task<string> Fetch(TimeSpan delay)
        {
            await Sleep(delay);
            return "data";
        }

        string first;
        try
        {
            first = await TimeoutAfter(TimeSpan.FromSeconds(1), Fetch, TimeSpan.FromSeconds(5));
        }
        catch (TaskTimeout)
        {
            first = "timed out";
        }
        // IgnoreAfter: no exception, a value (here null) when time runs out
        var second = await IgnoreAfter<string?>(TimeSpan.FromSeconds(1), async () => await Fetch(TimeSpan.FromSeconds(0.5)));
        // end snippet
        return (first, second);
    }

    public static async Task<int> NestedTimeouts()
    {
        // snippet: nested-timeouts
        var attempts = 0;
        await IgnoreAfter(TimeSpan.FromSeconds(10), async () =>     // the outer limit for the whole job
        {
            while (true)
            {
                attempts++;
                try
                {
                    await TimeoutAfter(TimeSpan.FromSeconds(3), async () => await Sleep(TimeSpan.FromSeconds(4)));
                }
                catch (TaskTimeout)
                {
                    // this attempt's own limit: try again (the outer expiry is not caught here)
                }
            }
        });
        // end snippet
        return attempts;
    }

    public static async Task<IReadOnlyList<int>> Groups()
    {
        // snippet: groups
        static async Task<int> Square(int n)
        {
            await Sleep(TimeSpan.FromSeconds(n));
            return n * n;
        }

        var g = await TaskGroup<int>.RunAsync(async g =>
        {
            for (var n = 1; n <= 3; n++) g.Spawn(Square, n);
            await Task.CompletedTask;
        });                                     // joined here: every task has ended
        IReadOnlyList<int> squares = g.Results; // [1, 4, 9], in task-id order
        // end snippet
        return squares;
    }

    public static async Task<string> GroupAny()
    {
        // snippet: group-any
        static async Task<string> Mirror(string name, double seconds)
        {
            await Sleep(TimeSpan.FromSeconds(seconds));
            return name;
        }

        await using var g = new TaskGroup<string>(GroupWait.Any);
        g.Spawn(Mirror, "slow mirror", 3.0);
        g.Spawn(Mirror, "fast mirror", 1.0);
        await g.JoinAsync();                    // the first to end wins; the other is cancelled
        var winner = g.Result;                  // "fast mirror"
        // end snippet
        return winner;
    }

    public static async Task<int> GroupOfExisting()
    {
        // snippet: group-existing
        var a = Spawn(async () => { await Sleep(TimeSpan.FromSeconds(1)); return 1; });
        var b = Spawn(async () => { await Sleep(TimeSpan.FromSeconds(2)); return 2; });
        var g = await TaskGroup<int>.RunAsync([a, b], async g =>
        {
            Console.WriteLine($"waiting for {g.Tasks.Count} tasks");
            await Task.CompletedTask;
        });
        var total = g.Results.Sum();            // 3
        // end snippet
        return total;
    }

    public static async Task<List<string>> Queues()
    {
        var log = new List<string>();
        // snippet: queues
        var q = new CurioQueue<int>(maxSize: 2);
        var consumer = Spawn(async () =>
        {
            while (true)
            {
                var item = await q.GetAsync();
                log.Add($"got {item}");
                q.TaskDone();
            }
        });
        for (var i = 0; i < 3; i++) await q.PutAsync(i);   // blocks while the queue is full
        await q.JoinAsync();                                  // until every item is TaskDone
        await consumer.CancelAsync();
        // end snippet
        return log;
    }

    public static async Task<int> Locks()
    {
        // snippet: locks
        var lk = new CurioLock();
        var counter = 0;
        var g = await TaskGroup.RunAsync(async g =>
        {
            for (var i = 0; i < 10; i++)
                g.Spawn(async () =>
                {
                    await using (await lk.AcquireAsync())
                    {
                        var seen = counter;
                        await Sleep(TimeSpan.Zero);   // another task runs here, but not in this section
                        counter = seen + 1;
                    }
                });
            await Task.CompletedTask;
        });
        // end snippet
        return counter;
    }

    public static async Task<bool> Events()
    {
        // snippet: events
        var ready = new Event();
        var waiter = Spawn(async () =>
        {
            await ready.WaitAsync();
            return "ready seen";
        });
        await Sleep(TimeSpan.FromSeconds(1));
        ready.Set();                            // wakes every waiter
        var seen = await waiter.JoinAsync();
        // end snippet
        return seen == "ready seen";
    }

    // snippet: processes
    public static int Fib(int n) => n <= 2 ? 1 : Fib(n - 1) + Fib(n - 2);

    public static async Task<(string, int)> ThreadsAndProcesses(string path)
    {
        var text = await RunInThread(() => File.ReadAllText(path)); // blocking I/O off the kernel
        var fib = await RunInProcess(Fib, 30);                      // CPU work in a worker process
        return (text, fib);
    }
    // end snippet

    public static async Task<string> Subprocesses()
    {
        // snippet: subprocess
        var output = await Subprocess.CheckOutput(["echo", "hello from a child process"]);
        var text = Encoding.UTF8.GetString(output).Trim();
        // end snippet
        return text;
    }

    // snippet: echo-server
    public static async Task EchoClient(CurioSocket client, EndPoint address)
    {
        try
        {
            await TimeoutAfter(TimeSpan.FromSeconds(30), async () =>   // a silent client is dropped
            {
                while (true)
                {
                    var data = await client.RecvAsync(65536);
                    if (data.Length == 0) break;                        // the client closed its side
                    await client.SendAllAsync(data);
                }
            });
        }
        catch (TaskTimeout)
        {
            Console.WriteLine($"{address} said nothing for 30 s");
        }
    }

    public static async Task<string> EchoOnce()
    {
        var server = await TcpServer.BindAsync("localhost", 0, EchoClient);   // port 0: any free port
        var serving = Spawn(server.ServeAsync);
        await using var sock = await Network.OpenConnection("localhost", server.Port);
        await sock.SendAllAsync("ping"u8.ToArray());
        var reply = Encoding.UTF8.GetString(await sock.RecvAsync(100));
        await serving.CancelAsync();
        return reply;
    }
    // end snippet

    public static async Task TlsClient()
    {
        // snippet: tls-client
        await using var sock = await Network.OpenConnection("www.python.org", 443, ssl: true, serverHostname: "www.python.org");
        var stream = sock.AsStream();
        await stream.WriteAsync("GET / HTTP/1.0\r\nHost: www.python.org\r\n\r\n"u8.ToArray());
        var status = await stream.ReadLineAsync();   // "HTTP/1.1 200 OK\r\n"
        // end snippet
        _ = status;
    }

    public static async Task Channels()
    {
        // snippet: channels
        // one process
        var listener = new Channel("localhost", 30000);
        var c = await listener.AcceptAsync("secret key");
        await c.SendAsync(new object?[] { "job", 42 });
        await c.CloseAsync();

        // another process
        var other = new Channel("localhost", 30000);
        var d = await other.ConnectAsync("secret key");
        var message = await d.RecvAsync();            // object?[] { "job", 42 }
        // end snippet
        _ = message;
    }

    public static void Observe(Kernel kernel, IActorRef monitor)
    {
        // snippet: observe
        foreach (var t in kernel.Tasks)                 // the live tasks of a kernel
            Console.WriteLine($"{t.Id} {t.Name} {t.State} cycles={t.Cycles} actor={t.Actor.Path}");

        // an actor that hears when a task ends: a TaskCompleted(Task, Result, Exception) message
        kernel.Spawn(async () => { await Sleep(TimeSpan.FromSeconds(1)); return "done"; }, notify: monitor);
        // end snippet
    }

    public static KernelOptions Options()
    {
        // snippet: options
        var options = new KernelOptions
        {
            Scheduling = SchedulingMode.Parallel,   // tasks spread over Akka's thread pool
            Name = "orders",                        // the kernel actor is /user/orders-N
        };
        // end snippet
        return options;
    }
}
