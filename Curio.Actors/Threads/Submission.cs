using System.Runtime.ExceptionServices;

namespace Curio.Actors;

/// <summary>What an async thread hands to its backing task: started on the task's actor, in the task's context.</summary>
internal abstract class Submission
{
    internal abstract void Start(ThreadTask task);

    /// <summary>Ends the submission with <paramref name="error"/> without running it.</summary>
    internal abstract void Fail(ThreadTask task, Exception error);
}

/// <summary>
/// One AWAIT: an operation to start (<c>AWAIT(q.GetAsync)</c>) or one the thread already started
/// (<c>AWAIT(lck.AcquireAsync())</c>), awaited on the actor; the thread reads the outcome once it has its turn back.
/// </summary>
internal sealed class Submission<T> : Submission
{
    private readonly Func<ValueTask<T>>? _start;
    private ValueTask<T> _operation;
    private ThreadTask? _task;
    private T _value = default!;
    private Exception? _error;

    /// <summary>An operation to start on the actor; a pending cancellation is raised instead (AWAIT is a cancellation point).</summary>
    internal Submission(Func<ValueTask<T>> start) => _start = start;

    /// <summary>An operation the thread started: only its end is awaited (a finished one never comes here).</summary>
    internal Submission(ValueTask<T> started) => _operation = started;

    internal override void Start(ThreadTask task)
    {
        _task = task;
        try
        {
            if (_start is not null)
            {
                task.ThrowIfCancelPending();
                _operation = _start();
            }
        }
        catch (Exception e)
        {
            Fail(task, e);
            return;
        }
        if (_operation.IsCompleted) Completed();
        else _operation.GetAwaiter().UnsafeOnCompleted(Completed);
    }

    internal override void Fail(ThreadTask task, Exception error)
    {
        _error = error;
        task.GiveBack();
    }

    private void Completed()
    {
        try { _value = _operation.GetAwaiter().GetResult(); }
        catch (Exception e) { _error = e; }
        _operation = default;
        _task!.GiveBack();
    }

    /// <summary>On the thread, after the hand-back: the value, or the operation's exception as itself.</summary>
    internal T Outcome()
    {
        if (_error is { } e) ExceptionDispatchInfo.Throw(e);
        return _value;
    }
}
