using Akka.Event;
using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// The task backing an async thread (Curio's <c>_coro_runner</c>). The thread and the task's actor take turns at the
/// task's state: while the thread runs outside AWAIT it *is* the task (Curio code it calls runs as this task, on the
/// thread), and the actor holds every message for the task (wake-ups, cancels, timers) unrun; AWAIT hands the turn to
/// the actor, which first runs the held messages in order, then the submitted operation in this task's context, and
/// hands the turn back with the outcome. So cancellations and timeouts land at the operation AWAIT runs, or stay
/// pending until the next AWAIT, and no field of the task is ever touched by two threads at once.
/// </summary>
internal sealed class ThreadTask : CurioTask
{
    [ThreadStatic] private static ThreadTask? t_current;

    private readonly Func<object?> _run;
    private readonly TaskCompletionSource<object?> _ended = new();
    private readonly Queue<TaskMessage> _held = new();   // actor only
    private readonly ManualResetEventSlim _back = new(); // set when the actor hands the turn back
    private readonly SubmitMessage _submit;
    private readonly Action _sendSubmit;
    private volatile bool _threadOwns;
    private volatile bool _abandoned;
    private int _outside; // 1 while the thread's own work counts as the kernel being busy (virtual time)
    private Submission? _submission;

    private ThreadTask(KernelCore core, Starter starter, Func<object?> run, bool daemon, string name, CurioTask? parent)
        : base(core, starter.Start, daemon, name, parent)
    {
        starter.Task = this;
        _run = run;
        _submit = new SubmitMessage(this);
        _sendSubmit = () =>
        {
            Send(_submit);
            EndOutside(); // after the send: the kernel never looks idle in between
        };
    }

    internal static ThreadTask Create(CurioTask parent, Func<object?> run, Delegate func, bool daemon, string? name) =>
        new(parent.Core, new Starter(), run, daemon, name ?? NameOf(func), parent);

    /// <summary>The backing task of the async thread running this code, or null.</summary>
    internal static ThreadTask? OnThisThread => t_current;

    private protected override object? ResultOf(Task body) => ((Task<object?>)body).GetAwaiter().GetResult();

    // ---- the thread's side ----------------------------------------------------------------------

    private Task<object?> StartThread()
    {
        _threadOwns = true;
        BeginOutside();
        new Thread(ThreadMain) { IsBackground = true, Name = $"curio-async-thread-{Id}" }.Start();
        return _ended.Task;
    }

    private void ThreadMain()
    {
        // Curio calls made here run as this task (CurioTask.Current). No synchronization context is installed: plain
        // sync-over-async code in the thread must not post its continuations to the task, which holds them meanwhile.
        t_current = this;
        object? result = null;
        Exception? error = null;
        try { result = _run(); }
        catch (Exception e) { error = e; }
        t_current = null;
        if (!_abandoned)
        {
            _submission = new Ending(result, error);
            HandOver();
        }
        _back.Dispose(); // nothing waits on it any more: the thread asks no more hand-backs

    }

    /// <summary>Runs <paramref name="s"/> on the task's actor and blocks the thread until it has finished.</summary>
    internal void Run(Submission s)
    {
        if (_abandoned) throw new TaskCancelled("The kernel shut down: this async thread's task has ended.");
        _back.Reset();
        _submission = s;
        HandOver();
        _back.Wait();
    }

    private void HandOver()
    {
        _threadOwns = false; // a release: the actor sees everything the thread wrote as this task
        // An idle sequential kernel runs right here, on this thread, as the kernel (no thread hand-off); while it does,
        // this thread is not an async thread, whatever task's code it runs.
        var self = t_current;
        t_current = null;
        try { SerialExecutor.SendAndDrain(_sendSubmit); }
        finally { t_current = self; }
    }

    // ---- the actor's side -----------------------------------------------------------------------

    internal override bool Hold(TaskMessage message)
    {
        if (_abandoned) return false;
        if (_threadOwns)
        {
            if (message is CancelMessage && Core.IsShuttingDown)
            {
                // Kernel shutdown does not wait for a thread busy outside AWAIT: it goes on alone (the zombie rule).
                Core.MessageDone();
                Abandon();
                return true;
            }
            _held.Enqueue(message);
            return true;
        }
        if (_held.Count == 0) return false;
        _held.Enqueue(message);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Context);
        try
        {
            while (!_threadOwns && !_abandoned && _held.TryDequeue(out var m))
            {
                try
                {
                    Cycles++;
                    m.Execute();
                }
                catch (Exception e)
                {
                    Core.Log.Error(e, "Curio kernel: a message for task {0} failed", Id);
                }
                finally
                {
                    Core.MessageDone();
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        return true;
    }

    private void RunSubmission()
    {
        var s = _submission!;
        _submission = null;
        if (_abandoned) s.Fail(this, new TaskCancelled("The kernel shut down: this async thread's task has ended."));
        else s.Start(this);
    }

    /// <summary>The submitted operation has finished: the thread takes its turn again and reads the outcome.</summary>
    internal void GiveBack()
    {
        _threadOwns = true;
        BeginOutside();
        if (Cancelled && Core.IsShuttingDown) Abandon();
        _back.Set();
    }

    internal void End(object? result, Exception? error)
    {
        if (error is null) _ended.TrySetResult(result);
        else _ended.TrySetException(error);
    }

    private void Abandon()
    {
        _abandoned = true;
        while (_held.TryDequeue(out _)) Core.MessageDone();
        EndOutside();
        _ended.TrySetException(new TaskCancelled());
    }

    private void BeginOutside()
    {
        if (Interlocked.Exchange(ref _outside, 1) == 0) Core.ExternalWaitBegin();
    }

    private void EndOutside()
    {
        if (Interlocked.Exchange(ref _outside, 0) == 1) Core.ExternalWaitEnd();
    }

    /// <summary>Lets the base constructor take a body that needs the task it belongs to.</summary>
    private sealed class Starter
    {
        internal ThreadTask? Task;
        internal Task Start() => Task!.StartThread();
    }

    /// <summary>The thread handed its turn over: run what it submitted (one instance per thread, one in flight).</summary>
    private sealed class SubmitMessage(ThreadTask owner) : TaskMessage(owner)
    {
        internal override void Execute() => owner.RunSubmission();
    }

    /// <summary>The thread's function returned: the backing task ends with its outcome.</summary>
    private sealed class Ending(object? result, Exception? error) : Submission
    {
        internal override void Start(ThreadTask task) => task.End(result, error);

        internal override void Fail(ThreadTask task, Exception error) { }
    }
}
