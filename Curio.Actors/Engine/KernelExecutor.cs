using System.Collections.Concurrent;
using Akka.Configuration;
using Akka.Dispatch;

namespace Curio.Actors.Engine;

/// <summary>
/// The executor behind a sequential kernel's dispatcher: one FIFO of work items, run one at a time in the order they
/// were scheduled. With throughput 1 this gives Curio's orders: a task made ready joins the back of the one FIFO, so
/// ready tasks take turns and a spawned child first runs when its parent blocks.
/// </summary>
internal sealed class KernelExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new SerialExecutor(id);
}

/// <summary>
/// A strand on the .NET thread pool: the FIFO is drained by one pool thread at a time, never two at once. A dedicated
/// kernel thread did the same but cost two thread wake-ups per socket round trip (the connection's stages run on
/// the pool): a strand scheduled from a pool thread runs next on that same thread. Measured with the tcp-echo
/// benchmark: one connection's ping-pong went from 0.46 to 0.9 of a plain .NET server.
/// </summary>
internal sealed class SerialExecutor(string id) : ExecutorService(id), IThreadPoolWorkItem
{
    /// <summary>The executor whose FIFO the calling thread is draining, if any (the "kernel thread" right now).</summary>
    [ThreadStatic] internal static SerialExecutor? Current;

    // Items run per turn before the strand yields its pool thread to other work and queues itself again.
    private const int Batch = 4096;
    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private int _scheduled;

    /// <summary>
    /// Tells <paramref name="target"/>; on the kernel's strand, as a work item of its own so that the target joins the
    /// back of the one FIFO (see <see cref="DeferredTell"/>), elsewhere directly.
    /// </summary>
    internal static void TellInOrder(Akka.Actor.IActorRef target, object message)
    {
        if (Current is { } strand) strand.Execute(new DeferredTell(target, message));
        else target.Tell(message, Akka.Actor.ActorRefs.NoSender);
    }

    // Set while SendAndDrain sends: the strand is left for the sender to drain instead of being queued on the pool.
    [ThreadStatic] private static bool t_deferScheduling;
    [ThreadStatic] private static SerialExecutor? t_deferred;

    /// <summary>
    /// Runs <paramref name="send"/> (a Tell from a thread outside the kernel), then, if that woke an idle strand, drains
    /// it right here instead of waking a pool thread: an async thread's AWAIT then runs its operation on its own thread,
    /// as the kernel, with no thread hand-off. A strand already being drained elsewhere picks the item up as usual.
    /// </summary>
    internal static void SendAndDrain(Action send)
    {
        SerialExecutor? woken;
        t_deferScheduling = true;
        try { send(); }
        finally
        {
            t_deferScheduling = false;
            woken = t_deferred;
            t_deferred = null;
        }
        if (woken is not null && Interlocked.CompareExchange(ref woken._scheduled, 1, 0) == 0) ((IThreadPoolWorkItem)woken).Execute();
    }

    public override void Execute(IRunnable run)
    {
        _queue.Enqueue(run);
        if (t_deferScheduling)
        {
            t_deferred = this;
            return;
        }
        // preferLocal: from a pool thread (a socket stage waking a task) the strand runs next on this very thread.
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var outer = Current;
        Current = this;
        try
        {
            for (var i = 0; i < Batch && _queue.TryDequeue(out var run); i++)
            {
                try { run.Run(); }
                catch (Exception ex) { Console.Error.WriteLine($"curio kernel executor: {ex}"); }
            }
        }
        finally { Current = outer; }
        // A full fence (not a release store): the emptiness check below must not be read before this write is
        // visible, or an item queued in between would see _scheduled = 1 and be left behind with no drainer.
        Interlocked.Exchange(ref _scheduled, 0);
        // An item queued after the last TryDequeue saw _scheduled = 1 and left the scheduling to us.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public override void Shutdown() { }
}

/// <summary>
/// A Tell made on the kernel's strand, run later as its own work item. Akka's mailbox runs at least two messages
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
