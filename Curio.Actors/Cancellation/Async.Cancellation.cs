using System.Runtime.CompilerServices;
using Curio.Actors.Engine;

namespace Curio.Actors;

public static partial class Async
{
    /// <summary>
    /// Turns off the delivery of cancellations and timeouts until the returned shield is disposed
    /// (Curio's <c>async with disable_cancellation()</c>): <c>using (Async.DisableCancellation()) { ... }</c>.
    /// Blocking calls inside run normally; what arrives meanwhile stays pending and is raised at the first blocking
    /// call after delivery is allowed again. Nesting is allowed; cancellation cannot be re-enabled inside.
    /// </summary>
    public static CancellationShield DisableCancellation()
    {
        var me = CurioTask.Require(nameof(DisableCancellation));
        me.DisableDepth++;
        return new CancellationShield(me);
    }

    /// <summary>
    /// Runs <paramref name="body"/> with delivery disabled and returns its result (Curio's function form
    /// <c>disable_cancellation(corofunc, *args)</c>). A <see cref="CancelledError"/> the body raises itself, while the
    /// enclosing code is also shielded, is kept as the pending cancellation instead of propagating, and the default
    /// value is returned.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task DisableCancellation(Func<Task> body) =>
        Shielded(body);

    /// <summary>Runs <c>body()</c> with delivery disabled, for an async function with a result; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> DisableCancellation<T>(Func<Task<T>> body) =>
        Shielded(body);

    /// <summary>Runs <c>body()</c> with delivery disabled, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task DisableCancellation(Func<ValueTask> body) =>
        Shielded(BodyForms.Of(body));

    /// <summary>Runs <c>body()</c> with delivery disabled, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> DisableCancellation<T>(Func<ValueTask<T>> body) =>
        Shielded(BodyForms.Of(body));

    /// <summary>Runs <c>func(arg1)</c> with delivery disabled, for an async function; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task DisableCancellation<T1>(Func<T1, Task> func, T1 arg1) =>
        Shielded(BodyForms.Bind(func, arg1));

    /// <summary>Runs <c>func(arg1)</c> with delivery disabled, for an async function with a result; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> DisableCancellation<T1, T>(Func<T1, Task<T>> func, T1 arg1) =>
        Shielded(BodyForms.Bind(func, arg1));

    /// <summary>Runs <c>func(arg1)</c> with delivery disabled, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task DisableCancellation<T1>(Func<T1, ValueTask> func, T1 arg1) =>
        Shielded(BodyForms.Of(BodyForms.Bind(func, arg1)));

    /// <summary>Runs <c>func(arg1)</c> with delivery disabled, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> DisableCancellation<T1, T>(Func<T1, ValueTask<T>> func, T1 arg1) =>
        Shielded(BodyForms.Of(BodyForms.Bind(func, arg1)));

    /// <summary>Runs <c>func(arg1, arg2)</c> with delivery disabled, for an async function; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task DisableCancellation<T1, T2>(Func<T1, T2, Task> func, T1 arg1, T2 arg2) =>
        Shielded(BodyForms.Bind(func, arg1, arg2));

    /// <summary>Runs <c>func(arg1, arg2)</c> with delivery disabled, for an async function with a result; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> DisableCancellation<T1, T2, T>(Func<T1, T2, Task<T>> func, T1 arg1, T2 arg2) =>
        Shielded(BodyForms.Bind(func, arg1, arg2));

    /// <summary>Runs <c>func(arg1, arg2)</c> with delivery disabled, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task DisableCancellation<T1, T2>(Func<T1, T2, ValueTask> func, T1 arg1, T2 arg2) =>
        Shielded(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)));

    /// <summary>Runs <c>func(arg1, arg2)</c> with delivery disabled, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> DisableCancellation<T1, T2, T>(Func<T1, T2, ValueTask<T>> func, T1 arg1, T2 arg2) =>
        Shielded(BodyForms.Of(BodyForms.Bind(func, arg1, arg2)));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> with delivery disabled, for an async function; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static Task DisableCancellation<T1, T2, T3>(Func<T1, T2, T3, Task> func, T1 arg1, T2 arg2, T3 arg3) =>
        Shielded(BodyForms.Bind(func, arg1, arg2, arg3));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> with delivery disabled, for an async function with a result; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static Task<T> DisableCancellation<T1, T2, T3, T>(Func<T1, T2, T3, Task<T>> func, T1 arg1, T2 arg2, T3 arg3) =>
        Shielded(BodyForms.Bind(func, arg1, arg2, arg3));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> with delivery disabled, for a function returning ValueTask, such as <c>evt.WaitAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static Task DisableCancellation<T1, T2, T3>(Func<T1, T2, T3, ValueTask> func, T1 arg1, T2 arg2, T3 arg3) =>
        Shielded(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)));

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> with delivery disabled, for a function returning ValueTask&lt;T&gt;, such as <c>q.GetAsync</c>; see <see cref="DisableCancellation(Func{Task})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static Task<T> DisableCancellation<T1, T2, T3, T>(Func<T1, T2, T3, ValueTask<T>> func, T1 arg1, T2 arg2, T3 arg3) =>
        Shielded(BodyForms.Of(BodyForms.Bind(func, arg1, arg2, arg3)));

    private static async Task<T> Shielded<T>(Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var me = CurioTask.Require(nameof(DisableCancellation));
        me.DisableDepth++;
        try
        {
            return await body();
        }
        catch (CancelledError e) when (me.DisableDepth > 1)
        {
            me.CancelPending = e;
            return default!;
        }
        finally
        {
            me.DisableDepth--;
        }
    }

    private static Task Shielded(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Shielded<bool>(async () => { await body(); return true; });
    }

    /// <summary>
    /// Curio's <c>check_cancellation</c>. With <paramref name="exceptionType"/>, only a pending cancellation of that
    /// type is considered. If delivery is allowed and one is pending, it is raised and cleared; if delivery is
    /// disabled, the pending exception (or null) is returned, and cleared only when a type was given.
    /// </summary>
    public static Exception? CheckCancellation(Type? exceptionType = null)
    {
        var me = CurioTask.Require(nameof(CheckCancellation));
        var pending = me.CancelPending;
        if (exceptionType is not null && (pending is null || !exceptionType.IsInstanceOfType(pending))) return null;
        if (me.AllowCancel)
        {
            me.ThrowIfCancelPending();
            return null;
        }
        if (exceptionType is not null) me.CancelPending = null;
        return pending;
    }

    /// <summary>Replaces the pending cancellation with <paramref name="exception"/> (may be null) and returns the previous one.</summary>
    public static Exception? SetCancellation(Exception? exception)
    {
        var me = CurioTask.Require(nameof(SetCancellation));
        var previous = me.CancelPending;
        me.CancelPending = exception;
        return previous;
    }

    /// <summary>
    /// The current task's cancellation token, for .NET APIs. It is cancelled when a cancellation or timeout is
    /// delivered to the task, or becomes pending while the task awaits a .NET operation; after that the task gets a
    /// fresh token, so its cleanup code can still use one.
    /// </summary>
    public static CancellationToken TaskCancellationToken => CurioTask.Require(nameof(TaskCancellationToken)).Token;

    /// <summary>
    /// Awaits a .NET task as a Curio blocking operation, so that it becomes a cancellation point that honours
    /// timeouts (Curio's future wait). On cancellation the wait ends at once; the .NET task is left to finish alone.
    /// </summary>
    public static ValueTask<T> Await<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var me = CurioTask.Require(nameof(Await));
        if (task.IsCompleted) return new ValueTask<T>(task);
        me.ThrowIfCancelPending();
        var node = new FutureNode<T>(me, null);
        var parked = me.Park(node, "FUTURE_WAIT");
        node.Watch(task);
        return parked;
    }

    /// <summary>Awaits a .NET task without a result as a cancellation point; see <see cref="Await{T}(Task{T})"/>.</summary>
    public static async ValueTask Await(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            await task; // not a cancellation point, like every fast path
            return;
        }
        await Await(task.ContinueWith(static t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));
    }

    /// <summary>
    /// Starts a .NET operation with a token that is cancelled when a cancellation or timeout is delivered to the
    /// waiting task, and awaits it as a cancellation point. The task sees the Curio exception (for example
    /// <see cref="TaskTimeout"/>), not an OperationCanceledException.
    /// </summary>
    public static ValueTask<T> Await<T>(Func<CancellationToken, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var me = CurioTask.Require(nameof(Await));
        me.ThrowIfCancelPending();
        var cts = new CancellationTokenSource();
        var task = operation(cts.Token);
        if (task.IsCompleted)
        {
            cts.Dispose();
            return new ValueTask<T>(task);
        }
        var node = new FutureNode<T>(me, cts);
        var parked = me.Park(node, "FUTURE_WAIT");
        node.Watch(task);
        return parked;
    }
}
