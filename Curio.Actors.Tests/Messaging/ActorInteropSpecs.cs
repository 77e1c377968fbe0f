using Akka.Actor;
using Curio.Actors;
using static Curio.Actors.Async;

namespace Curio.Actors.Tests.Messaging;

public class ActorInteropSpecs : KernelSpec
{
    /// <summary>These specs drive virtual time by hand: tasks parked "forever" must stay parked while the test acts.</summary>
    public ActorInteropSpecs() => Time.AutoJump = false;

    /// <summary>Polls every 5 ms (the TestKit's default interval is a tenth of the limit).</summary>
    private void Until(Func<bool> condition) => AwaitCondition(condition, Limit, TimeSpan.FromMilliseconds(5));

    private void ParkedThenAdvance(CurioTask task, string state, TimeSpan by)
    {
        Until(() => task.State == state);
        Time.Advance(by);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo()
        {
            Receive<string>(s => Sender.Tell("echo " + s));
            Receive<int>(n => Sender.Tell(new Status.Failure(new ArgumentException("bad " + n))));
        }
    }

    [Fact]
    public async Task A_task_asks_an_actor_and_awaits_the_answer()
    {
        var k = NewKernel();
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var r = await RunIn(k, async () => await Ask<string>(echo, "hi"));
        Assert.Equal("echo hi", r);
    }

    [Fact]
    public async Task An_ask_failure_raises_its_cause()
    {
        var k = NewKernel();
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => RunIn(k, async () => await Ask<string>(echo, 3)));
        Assert.Equal("bad 3", e.Message);
    }

    [Fact]
    public async Task An_ask_times_out_on_the_kernel_clock_with_TaskTimeout()
    {
        var k = NewKernel();
        var silent = CreateTestProbe();
        var t = k.Spawn(async () => await Ask<string>(silent.Ref, "anyone?", S(2)));
        silent.ExpectMsg("anyone?", Limit);
        ParkedThenAdvance(t, "FUTURE_WAIT", S(2));
        await Assert.ThrowsAsync<TaskTimeout>(() => t.Completion.WaitAsync(Limit));
    }

    [Fact]
    public async Task An_ask_is_a_cancellation_point()
    {
        var k = NewKernel();
        var silent = CreateTestProbe();
        var t = k.Spawn(async () => await Ask<string>(silent.Ref, "anyone?"));
        silent.ExpectMsg("anyone?", Limit);
        Until(() => t.State == "FUTURE_WAIT");
        await t.CancelAsync().AsTask().WaitAsync(Limit);
        Assert.IsType<TaskCancelled>(t.Exception);
    }

    [Fact]
    public async Task An_actor_asks_a_task_and_the_task_replies()
    {
        var k = NewKernel();
        var t = k.Spawn(async () =>
        {
            var q = await ReceiveAsync<string>();
            Reply(q.ToUpperInvariant());
        });
        var answer = await t.Ref.Ask<string>("shout", Limit);
        Assert.Equal("SHOUT", answer);
    }

    [Fact]
    public async Task A_task_tells_an_actor_with_itself_as_sender_and_gets_the_reply_in_its_mailbox()
    {
        var k = NewKernel();
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var r = await RunIn(k, async () =>
        {
            Tell(echo, "one");
            var m = await ReceiveAsync<string>();
            return (m, Sender);
        });
        Assert.Equal("echo one", r.m);
        Assert.Equal(echo, r.Sender);
    }

    [Fact]
    public async Task Telling_a_task_from_an_actor_records_the_actor_as_sender()
    {
        var k = NewKernel();
        var t = k.Spawn(async () =>
        {
            await ReceiveAsync<string>();
            Reply("pong");
        });
        t.Ref.Tell("ping", TestActor);
        ExpectMsg("pong", Limit);
        Assert.Equal(t.Ref, LastSender);
    }

    /// <summary>A plain actor that runs tasks: spawns on "spawn", cancels on "cancel", forwards TaskCompleted.</summary>
    private sealed class Owner : ReceiveActor
    {
        private CurioTask? _task;

        public Owner(Kernel kernel, IActorRef probe)
        {
            Receive<string>(s => s == "spawn-forever", _ =>
            {
                _task = Context.SpawnTask(kernel, async () =>
                {
                    try { await Sleep(TimeSpan.FromHours(1)); }
                    finally
                    {
                        await Sleep(TimeSpan.Zero); // cleanup may block
                        probe.Tell("cleanup ran");
                    }
                });
                probe.Tell(_task);
            });
            Receive<string>(s => s == "spawn-answer", _ => Context.SpawnTask(kernel, async () => { await Sleep(TimeSpan.Zero); return 42; }));
            Receive<string>(s => s == "cancel", _ => _task!.CancelAsync(blocking: false));
            Receive<TaskCompleted>(c => probe.Tell(c));
        }
    }

    [Fact]
    public void An_actor_spawns_a_task_and_receives_its_outcome_as_a_message()
    {
        var k = NewKernel();
        var owner = Sys.ActorOf(Props.Create(() => new Owner(k, TestActor)));
        owner.Tell("spawn-answer");
        var done = ExpectMsg<TaskCompleted>(Limit);
        Assert.Equal(42, done.Result);
        Assert.Null(done.Exception);
    }

    [Fact]
    public void An_actor_cancels_its_task_and_receives_the_cancellation()
    {
        var k = NewKernel();
        var owner = Sys.ActorOf(Props.Create(() => new Owner(k, TestActor)));
        owner.Tell("spawn-forever");
        var task = ExpectMsg<CurioTask>(Limit);
        Until(() => task.State == "TIME_SLEEP");
        owner.Tell("cancel");
        ExpectMsg("cleanup ran", Limit);
        var done = ExpectMsg<TaskCompleted>(Limit);
        Assert.IsType<TaskCancelled>(done.Exception);
    }

    [Fact]
    public void A_task_spawned_by_an_actor_is_cancelled_when_the_actor_stops_and_its_cleanup_runs()
    {
        var k = NewKernel();
        var owner = Sys.ActorOf(Props.Create(() => new Owner(k, TestActor)));
        owner.Tell("spawn-forever");
        var first = ExpectMsg<CurioTask>(Limit);
        owner.Tell("spawn-forever");
        var second = ExpectMsg<CurioTask>(Limit);
        Until(() => first.State == "TIME_SLEEP" && second.State == "TIME_SLEEP");
        Watch(owner);
        Sys.Stop(owner);
        // The owner's Terminated and the tasks' cleanup messages come from different senders: any order.
        var got = ReceiveN(3, Limit);
        Assert.Single(got.OfType<Terminated>(), t => t.ActorRef.Equals(owner));
        Assert.Equal(2, got.Count(m => m is "cleanup ran"));
        Until(() => first.Terminated && second.Terminated);
        Assert.IsType<TaskCancelled>(first.Exception);
        Assert.IsType<TaskCancelled>(second.Exception);
        Assert.Empty(k.Tasks);
    }

    [Fact]
    public async Task A_kernel_hosted_in_an_existing_actor_system_runs_tasks_that_talk_to_its_actors()
    {
        await using var k = Kernel.Create(Sys, new KernelOptions { Name = "hosted" });
        Assert.Same(Sys, k.System);
        Assert.StartsWith("hosted-", k.KernelActor.Path.Name);
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        var t = k.Spawn(async () => await Ask<string>(echo, "x"));
        Assert.Equal("echo x", await t.Completion.WaitAsync(Limit));
    }
}
