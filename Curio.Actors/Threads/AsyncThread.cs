using System.Runtime.CompilerServices;

namespace Curio.Actors;

/// <summary>
/// A real thread running a synchronous function, backed by a task of the kernel (Curio's <c>AsyncThread</c>, from
/// <see cref="Async.SpawnThread(Action, bool, string?)"/>). It behaves like a task handle: join, wait, cancel, result,
/// state. The thread calls back into the kernel with <see cref="Async.AWAIT{T}(Func{ValueTask{T}})"/>, which runs the
/// operation as the backing task; cancellation and timeouts reach the thread only there.
/// </summary>
public class AsyncThread
{
    internal AsyncThread(CurioTask task) => Task = task;

    /// <summary>The backing task: the one <see cref="Kernel.Tasks"/> and task groups see.</summary>
    public CurioTask Task { get; }

    /// <summary>The backing task's id.</summary>
    public long Id => Task.Id;

    /// <summary>The function's name, or the name given at spawn.</summary>
    public string Name => Task.Name;

    /// <summary>The backing task's state: RUNNING while the thread runs its own code, else the operation AWAIT waits in.</summary>
    public string State => Task.State;

    /// <summary>True once the function has returned or thrown.</summary>
    public bool Terminated => Task.Terminated;

    /// <summary>True once a cancel request was accepted.</summary>
    public bool Cancelled => Task.Cancelled;

    /// <summary>True for a daemon thread (cancelled at shutdown and by task groups, excluded from their results).</summary>
    public bool Daemon => Task.Daemon;

    /// <summary>The function's result; <see cref="InvalidOperationException"/> before it ends, its exception if it failed.</summary>
    public object? Result => Task.Result;

    /// <summary>The exception the function ended with, or null; <see cref="InvalidOperationException"/> before it ends.</summary>
    public Exception? Exception => Task.Exception;

    /// <summary>Waits for the thread to end and returns its result, or throws <see cref="TaskError"/> with its exception inside.</summary>
    public ValueTask<object?> JoinAsync() => Task.JoinAsync();

    /// <summary>Waits for the thread to end without raising its error.</summary>
    public ValueTask WaitAsync() => Task.WaitAsync();

    /// <summary>
    /// Cancels the thread: <paramref name="exception"/> (default <see cref="TaskCancelled"/>) is raised by the AWAIT it
    /// is in, or by its next one; with <paramref name="blocking"/> the caller waits until the thread has ended.
    /// </summary>
    public ValueTask CancelAsync(Exception? exception = null, bool blocking = true) => Task.CancelAsync(exception, blocking);

    /// <inheritdoc />
    public override string ToString() => $"AsyncThread(id={Id}, name={Name}, state={State})";

    /// <summary>A backing task for <paramref name="func"/>, refused if it is async (Curio raises TypeError).</summary>
    internal static ThreadTask NewTask(string operation, Delegate func, Func<object?> run, bool daemon, string? name)
    {
        ArgumentNullException.ThrowIfNull(func);
        var m = func.Method;
        var rt = m.ReturnType;
        if (typeof(Task).IsAssignableFrom(rt) || rt == typeof(ValueTask) || (rt.IsGenericType && rt.GetGenericTypeDefinition() == typeof(ValueTask<>))
            || m.IsDefined(typeof(AsyncStateMachineAttribute), false))
            throw new ArgumentException(
                $"{operation} runs a synchronous function in a thread, and {m.Name} is async ({(rt == typeof(void) ? "async void" : "it returns " + rt.Name)}). " +
                "Spawn it as a task with Spawn, or make it synchronous and AWAIT the Curio calls inside it.", nameof(func));
        return ThreadTask.Create(CurioTask.Require(operation), run, func, daemon, name);
    }
}
