namespace Curio.Actors;

// Curio's most common shape, timeout_after(5, coro()), for an operation already started: a C# async call runs to its
// first wait before it returns, so the deadline is set right after (in the same slice, before any other task runs)
// and the wait it parked in is the one the deadline aborts, exactly as if the block had started it.
public static partial class Async
{
    /// <summary>
    /// Awaits the started <paramref name="operation"/> under a deadline (Curio's <c>timeout_after(seconds, coro())</c>),
    /// as <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/> does for a function: <c>TimeoutAfter(t, evt.WaitAsync())</c>.
    /// </summary>
    public static Task TimeoutAfter(TimeSpan? timeout, Task operation) => TimeoutAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under a deadline and returns its result; see <see cref="TimeoutAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<T> TimeoutAfter<T>(TimeSpan? timeout, Task<T> operation) => TimeoutAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under a deadline: <c>TimeoutAfter(t, q.PutAsync(x))</c>; see <see cref="TimeoutAfter(TimeSpan?, Task)"/>.</summary>
    public static Task TimeoutAfter(TimeSpan? timeout, ValueTask operation) => TimeoutAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under a deadline and returns its result: <c>TimeoutAfter(t, q.GetAsync())</c>; see <see cref="TimeoutAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<T> TimeoutAfter<T>(TimeSpan? timeout, ValueTask<T> operation) => TimeoutAfter(timeout, Started(operation));

    /// <summary>
    /// Awaits the started <paramref name="operation"/> under an ignored deadline (Curio's <c>ignore_after(seconds, coro())</c>):
    /// true if it finished, false if the deadline expired; see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.
    /// </summary>
    public static Task<bool> IgnoreAfter(TimeSpan? timeout, Task operation) => IgnoreAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under an ignored deadline: its result, or default when the deadline expired; see <see cref="IgnoreAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<T?> IgnoreAfter<T>(TimeSpan? timeout, Task<T> operation) => IgnoreAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under an ignored deadline: its result, or <paramref name="timeoutResult"/> when the deadline expired; see <see cref="IgnoreAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<T> IgnoreAfter<T>(TimeSpan? timeout, Task<T> operation, T timeoutResult) => IgnoreAfter(timeout, Started(operation), timeoutResult);

    /// <summary>Awaits the started <paramref name="operation"/> under an ignored deadline: true if it finished, false if the deadline expired; see <see cref="IgnoreAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<bool> IgnoreAfter(TimeSpan? timeout, ValueTask operation) => IgnoreAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under an ignored deadline: its result, or default when the deadline expired (<c>IgnoreAfter(t, q.GetAsync())</c>); see <see cref="IgnoreAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<T?> IgnoreAfter<T>(TimeSpan? timeout, ValueTask<T> operation) => IgnoreAfter(timeout, Started(operation));

    /// <summary>Awaits the started <paramref name="operation"/> under an ignored deadline: its result, or <paramref name="timeoutResult"/> when the deadline expired; see <see cref="IgnoreAfter(TimeSpan?, Task)"/>.</summary>
    public static Task<T> IgnoreAfter<T>(TimeSpan? timeout, ValueTask<T> operation, T timeoutResult) => IgnoreAfter(timeout, Started(operation), timeoutResult);

    private static Func<Task> Started(Task operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return () => operation;
    }

    private static Func<Task<T>> Started<T>(Task<T> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return () => operation;
    }

    // A ValueTask may be awaited once: the block awaits it once, through the delegate it calls once.
    private static Func<ValueTask> Started(ValueTask operation) => () => operation;

    private static Func<ValueTask<T>> Started<T>(ValueTask<T> operation) => () => operation;
}
