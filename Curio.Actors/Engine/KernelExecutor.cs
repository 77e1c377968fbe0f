using System.Collections.Concurrent;
using Akka.Configuration;
using Akka.Dispatch;

namespace Curio.Actors.Engine;

/// <summary>
/// The executor behind a sequential kernel's dispatcher: one dedicated thread that runs mailboxes strictly in the
/// order they were scheduled. With throughput 1 this gives Curio's orders: a task made ready joins the back of one
/// FIFO, so ready tasks take turns and a spawned child first runs when its parent blocks.
/// </summary>
internal sealed class KernelExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new SingleThreadExecutor(id);
}

internal sealed class SingleThreadExecutor : ExecutorService
{
    /// <summary>The executor whose thread is the calling thread, if any.</summary>
    [ThreadStatic] internal static SingleThreadExecutor? Current;

    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _idle;
    private volatile bool _stopping;

    public SingleThreadExecutor(string id) : base(id)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "curio-kernel:" + id };
        thread.Start();
    }

    /// <summary>
    /// Tells <paramref name="target"/>; on a kernel thread, as a work item of its own so that the target joins the back
    /// of the one FIFO (see <see cref="DeferredTell"/>), elsewhere directly.
    /// </summary>
    internal static void TellInOrder(Akka.Actor.IActorRef target, object message)
    {
        if (Current is { } kernelThread) kernelThread.Execute(new DeferredTell(target, message));
        else target.Tell(message, Akka.Actor.ActorRefs.NoSender);
    }

    public override void Execute(IRunnable run)
    {
        _queue.Enqueue(run);
        if (Interlocked.CompareExchange(ref _idle, 0, 1) == 1) _signal.Release();
    }

    public override void Shutdown()
    {
        _stopping = true;
        if (Interlocked.CompareExchange(ref _idle, 0, 1) == 1) _signal.Release();
    }

    private void Loop()
    {
        Current = this;
        while (true)
        {
            if (_queue.TryDequeue(out var run))
            {
                try { run.Run(); }
                catch (Exception ex) { Console.Error.WriteLine($"curio kernel executor: {ex}"); }
                continue;
            }
            if (_stopping) return;
            Volatile.Write(ref _idle, 1);
            // A producer that saw us idle flips the flag back and releases the semaphore exactly once.
            if (!_queue.IsEmpty && Interlocked.Exchange(ref _idle, 0) == 1) continue;
            _signal.Wait();
        }
    }
}

/// <summary>
/// A Tell made from the kernel thread, run later as its own work item. Akka's mailbox runs at least two messages
/// per turn even at throughput 1, so a task that resumed itself directly (a sleep(0), a yield) would run again
/// before the tasks already waiting; deferring the Tell puts the target at the back of the one FIFO instead.
/// </summary>
internal sealed class DeferredTell(Akka.Actor.IActorRef target, object message) : IRunnable
{
    public void Run() => target.Tell(message, Akka.Actor.ActorRefs.NoSender);

#if NET5_0_OR_GREATER
    public void Execute() => Run();
#endif
}
