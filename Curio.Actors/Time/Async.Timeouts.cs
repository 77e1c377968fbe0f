using System.Runtime.CompilerServices;

namespace Curio.Actors;

// Timeouts (Curio's timeout_after and ignore_after) in every body form; the block itself is RunTimeoutBlock.
public static partial class Async
{
    /// <summary>
    /// Runs <paramref name="body"/> under a deadline <paramref name="timeout"/> from now (Curio's <c>timeout_after</c>);
    /// null adds no deadline of its own. Raises <see cref="TaskTimeout"/> if this deadline expires first,
    /// <see cref="TimeoutCancellationError"/> if an enclosing one did, and <see cref="UncaughtTimeoutError"/> if an
    /// inner block's timeout escaped. The lambda is the block: C# <c>using</c> can neither replace nor swallow the
    /// exception leaving a block, so the block form is a lambda, and the same rules hold for the code that catches.
    /// The function forms (<c>TimeoutAfter(t, evt.WaitAsync)</c>, <c>TimeoutAfter(t, Sleep, delay)</c>) are the same block.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task TimeoutAfter(TimeSpan? timeout, Func<Task> body) =>
        TimeoutBlock(timeout, body);

    /// <summary>Runs <c>body()</c> under a deadline, for an async function with a result (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> TimeoutAfter<T>(TimeSpan? timeout, Func<Task<T>> body) =>
        RunTimeoutBlock(timeout, body, ignore: false, default!);

    /// <summary>Runs <c>body()</c> under a deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task TimeoutAfter(TimeSpan? timeout, Func<ValueTask> body) =>
        TimeoutBlock(timeout, BodyForms.Of(body));

    /// <summary>Runs <c>body()</c> under a deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> TimeoutAfter<T>(TimeSpan? timeout, Func<ValueTask<T>> body) =>
        RunTimeoutBlock(timeout, BodyForms.Of(body), ignore: false, default!);

    /// <summary>Runs <c>func(arg1)</c> under a deadline, for an async function (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task TimeoutAfter<T1>(TimeSpan? timeout, Func<T1, Task> func, T1 arg1) =>
        TimeoutBlock(timeout, BodyForms.Bind(func, arg1));

    /// <summary>Runs <c>func(arg1)</c> under a deadline, for an async function with a result (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> TimeoutAfter<T1, T>(TimeSpan? timeout, Func<T1, Task<T>> func, T1 arg1) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1), ignore: false, default!);

    /// <summary>Runs <c>func(arg1)</c> under a deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task TimeoutAfter<T1>(TimeSpan? timeout, Func<T1, ValueTask> func, T1 arg1) =>
        TimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1)));

    /// <summary>Runs <c>func(arg1)</c> under a deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> TimeoutAfter<T1, T>(TimeSpan? timeout, Func<T1, ValueTask<T>> func, T1 arg1) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1)), ignore: false, default!);

    /// <summary>Runs <c>func(arg1, arg2)</c> under a deadline, for an async function (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task TimeoutAfter<T1, T2>(TimeSpan? timeout, Func<T1, T2, Task> func, T1 arg1, T2 arg2) =>
        TimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2));

    /// <summary>Runs <c>func(arg1, arg2)</c> under a deadline, for an async function with a result (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> TimeoutAfter<T1, T2, T>(TimeSpan? timeout, Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2), ignore: false, default!);

    /// <summary>Runs <c>func(arg1, arg2)</c> under a deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task TimeoutAfter<T1, T2>(TimeSpan? timeout, Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2) =>
        TimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2)));

    /// <summary>Runs <c>func(arg1, arg2)</c> under a deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> TimeoutAfter<T1, T2, T>(TimeSpan? timeout, Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), ignore: false, default!);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under a deadline, for an async function (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task TimeoutAfter<T1, T2, T3>(TimeSpan? timeout, Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3) =>
        TimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2, arg3));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under a deadline, for an async function with a result (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> TimeoutAfter<T1, T2, T3, T>(TimeSpan? timeout, Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2, arg3), ignore: false, default!);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under a deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task TimeoutAfter<T1, T2, T3>(TimeSpan? timeout, Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3) =>
        TimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under a deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c> (Curio's <c>timeout_after(seconds, corofunc, *args)</c>); see <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> TimeoutAfter<T1, T2, T3, T>(TimeSpan? timeout, Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), ignore: false, default!);

    /// <summary>
    /// Runs <paramref name="body"/> under a deadline, like <see cref="TimeoutAfter(TimeSpan?, Func{Task})"/>, but when
    /// its own deadline expires it returns instead of raising (Curio's <c>ignore_after</c>). The forms without a result
    /// return true if the body finished and false if the deadline expired (Curio's <c>not s.expired</c>); the forms with
    /// a result return the body's result, or when the deadline expired <c>timeoutResult</c> if given, else the default
    /// (null for a reference type). Curio ignores <c>timeout_result</c> in its function form (it always gives None);
    /// here every form honours it.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task<bool> IgnoreAfter(TimeSpan? timeout, Func<Task> body) =>
        IgnoreBlock(timeout, body);

    /// <summary>Runs <c>body()</c> under an ignored deadline, for an async function with a result, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T?> IgnoreAfter<T>(TimeSpan? timeout, Func<Task<T>> body) =>
        RunTimeoutBlock(timeout, body, ignore: true, default!)!;

    /// <summary>Runs <c>body()</c> under an ignored deadline, for an async function with a result, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> IgnoreAfter<T>(TimeSpan? timeout, Func<Task<T>> body, T timeoutResult) =>
        RunTimeoutBlock(timeout, body, ignore: true, timeoutResult);

    /// <summary>Runs <c>body()</c> under an ignored deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task<bool> IgnoreAfter(TimeSpan? timeout, Func<ValueTask> body) =>
        IgnoreBlock(timeout, BodyForms.Of(body));

    /// <summary>Runs <c>body()</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T?> IgnoreAfter<T>(TimeSpan? timeout, Func<ValueTask<T>> body) =>
        RunTimeoutBlock(timeout, BodyForms.Of(body), ignore: true, default!)!;

    /// <summary>Runs <c>body()</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> IgnoreAfter<T>(TimeSpan? timeout, Func<ValueTask<T>> body, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Of(body), ignore: true, timeoutResult);

    /// <summary>Runs <c>func(arg1)</c> under an ignored deadline, for an async function (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task<bool> IgnoreAfter<T1>(TimeSpan? timeout, Func<T1, Task> func, T1 arg1) =>
        IgnoreBlock(timeout, BodyForms.Bind(func, arg1));

    /// <summary>Runs <c>func(arg1)</c> under an ignored deadline, for an async function with a result, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T?> IgnoreAfter<T1, T>(TimeSpan? timeout, Func<T1, Task<T>> func, T1 arg1) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1), ignore: true, default!)!;

    /// <summary>Runs <c>func(arg1)</c> under an ignored deadline, for an async function with a result, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> IgnoreAfter<T1, T>(TimeSpan? timeout, Func<T1, Task<T>> func, T1 arg1, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1), ignore: true, timeoutResult);

    /// <summary>Runs <c>func(arg1)</c> under an ignored deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task<bool> IgnoreAfter<T1>(TimeSpan? timeout, Func<T1, ValueTask> func, T1 arg1) =>
        IgnoreBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1)));

    /// <summary>Runs <c>func(arg1)</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T?> IgnoreAfter<T1, T>(TimeSpan? timeout, Func<T1, ValueTask<T>> func, T1 arg1) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1)), ignore: true, default!)!;

    /// <summary>Runs <c>func(arg1)</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> IgnoreAfter<T1, T>(TimeSpan? timeout, Func<T1, ValueTask<T>> func, T1 arg1, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1)), ignore: true, timeoutResult);

    /// <summary>Runs <c>func(arg1, arg2)</c> under an ignored deadline, for an async function (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task<bool> IgnoreAfter<T1, T2>(TimeSpan? timeout, Func<T1, T2, Task> func, T1 arg1, T2 arg2) =>
        IgnoreBlock(timeout, BodyForms.Bind(func, arg1, arg2));

    /// <summary>Runs <c>func(arg1, arg2)</c> under an ignored deadline, for an async function with a result, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T?> IgnoreAfter<T1, T2, T>(TimeSpan? timeout, Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2), ignore: true, default!)!;

    /// <summary>Runs <c>func(arg1, arg2)</c> under an ignored deadline, for an async function with a result, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> IgnoreAfter<T1, T2, T>(TimeSpan? timeout, Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2), ignore: true, timeoutResult);

    /// <summary>Runs <c>func(arg1, arg2)</c> under an ignored deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task<bool> IgnoreAfter<T1, T2>(TimeSpan? timeout, Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2) =>
        IgnoreBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2)));

    /// <summary>Runs <c>func(arg1, arg2)</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T?> IgnoreAfter<T1, T2, T>(TimeSpan? timeout, Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), ignore: true, default!)!;

    /// <summary>Runs <c>func(arg1, arg2)</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> IgnoreAfter<T1, T2, T>(TimeSpan? timeout, Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2)), ignore: true, timeoutResult);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under an ignored deadline, for an async function (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task<bool> IgnoreAfter<T1, T2, T3>(TimeSpan? timeout, Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3) =>
        IgnoreBlock(timeout, BodyForms.Bind(func, arg1, arg2, arg3));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under an ignored deadline, for an async function with a result, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T?> IgnoreAfter<T1, T2, T3, T>(TimeSpan? timeout, Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2, arg3), ignore: true, default!)!;

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under an ignored deadline, for an async function with a result, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> IgnoreAfter<T1, T2, T3, T>(TimeSpan? timeout, Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Bind(func, arg1, arg2, arg3), ignore: true, timeoutResult);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under an ignored deadline, for a function returning ValueTask, such as <c>evt.WaitAsync</c> (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task<bool> IgnoreAfter<T1, T2, T3>(TimeSpan? timeout, Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3) =>
        IgnoreBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving default (null) when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T?> IgnoreAfter<T1, T2, T3, T>(TimeSpan? timeout, Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), ignore: true, default!)!;

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> under an ignored deadline, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>, giving <paramref name="timeoutResult"/> when the deadline expired (Curio's <c>ignore_after(seconds, corofunc, *args)</c>); see <see cref="IgnoreAfter(TimeSpan?, Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> IgnoreAfter<T1, T2, T3, T>(TimeSpan? timeout, Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3, T timeoutResult) =>
        RunTimeoutBlock(timeout, BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)), ignore: true, timeoutResult);

    private static Task TimeoutBlock(TimeSpan? timeout, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunTimeoutBlock<bool>(timeout, async () => { await body(); return true; }, ignore: false, false);
    }

    private static Task<bool> IgnoreBlock(TimeSpan? timeout, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunTimeoutBlock(timeout, async () => { await body(); return true; }, ignore: true, false);
    }
}
