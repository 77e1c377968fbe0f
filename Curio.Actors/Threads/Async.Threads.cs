using System.Runtime.CompilerServices;

namespace Curio.Actors;

public static partial class Async
{
    private static readonly Task<bool> s_blockDone = Task.FromResult(true);

    /// <summary>True when the calling code runs in an async thread (Curio's <c>is_async_thread</c>).</summary>
    public static bool IsAsyncThread => ThreadTask.OnThisThread is not null;

    // ---- SpawnThread: Curio's spawn_thread(func, *args, daemon=) ------------------------------------

    /// <summary>
    /// Starts a real thread running the synchronous <paramref name="func"/>, backed by a child task of the caller that
    /// runs the operations the thread AWAITs (Curio's <c>spawn_thread</c>). Never blocks. The thread may block in plain
    /// .NET calls without stalling the kernel. An async function is refused with <see cref="ArgumentException"/>.
    /// </summary>
    public static AsyncThread SpawnThread(Action func, bool daemon = false, string? name = null) =>
        Launched(AsyncThread.NewTask(nameof(SpawnThread), func, () => { func(); return null; }, daemon, name));

    /// <summary>Starts an async thread whose function has a result; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread<T> SpawnThread<T>(Func<T> func, bool daemon = false, string? name = null) =>
        Launched<T>(AsyncThread.NewTask(nameof(SpawnThread), func, () => func(), daemon, name));

    /// <summary>Starts <c>func(arg)</c> in an async thread; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread SpawnThread<TArg>(Action<TArg> func, TArg arg, bool daemon = false, string? name = null) =>
        Launched(AsyncThread.NewTask(nameof(SpawnThread), func, () => { func(arg); return null; }, daemon, name));

    /// <summary>Starts <c>func(arg)</c> in an async thread; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread<T> SpawnThread<TArg, T>(Func<TArg, T> func, TArg arg, bool daemon = false, string? name = null) =>
        Launched<T>(AsyncThread.NewTask(nameof(SpawnThread), func, () => func(arg), daemon, name));

    /// <summary>Starts <c>func(arg1, arg2)</c> in an async thread; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread SpawnThread<T1, T2>(Action<T1, T2> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Launched(AsyncThread.NewTask(nameof(SpawnThread), func, () => { func(arg1, arg2); return null; }, daemon, name));

    /// <summary>Starts <c>func(arg1, arg2)</c> in an async thread; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread<T> SpawnThread<T1, T2, T>(Func<T1, T2, T> func, T1 arg1, T2 arg2, bool daemon = false, string? name = null) =>
        Launched<T>(AsyncThread.NewTask(nameof(SpawnThread), func, () => func(arg1, arg2), daemon, name));

    /// <summary>Starts <c>func(arg1, arg2, arg3)</c> in an async thread; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread SpawnThread<T1, T2, T3>(Action<T1, T2, T3> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Launched(AsyncThread.NewTask(nameof(SpawnThread), func, () => { func(arg1, arg2, arg3); return null; }, daemon, name));

    /// <summary>Starts <c>func(arg1, arg2, arg3)</c> in an async thread; see <see cref="SpawnThread(Action, bool, string?)"/>.</summary>
    public static AsyncThread<T> SpawnThread<T1, T2, T3, T>(Func<T1, T2, T3, T> func, T1 arg1, T2 arg2, T3 arg3, bool daemon = false, string? name = null) =>
        Launched<T>(AsyncThread.NewTask(nameof(SpawnThread), func, () => func(arg1, arg2, arg3), daemon, name));

    private static AsyncThread Launched(ThreadTask task)
    {
        task.Core.Launch(task);
        return new AsyncThread(task);
    }

    private static AsyncThread<T> Launched<T>(ThreadTask task)
    {
        task.Core.Launch(task);
        return new AsyncThread<T>(task);
    }

    // ---- AWAIT: an operation started in the kernel on the thread's behalf --------------------------

    /// <summary>
    /// From an async thread: runs <paramref name="operation"/> in the kernel as the thread's backing task and blocks the
    /// thread until it finishes, returning its value or throwing its exception unchanged (Curio's <c>AWAIT</c>):
    /// <c>var item = AWAIT(q.GetAsync);</c>. A cancellation point: a pending cancellation or timeout is raised here
    /// instead of starting the operation. Outside an async thread: <see cref="AsyncOnlyError"/>.
    /// </summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T AWAIT<T>(Func<ValueTask<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Submit(new Submission<T>(operation));
    }

    /// <summary>Runs an operation without a result; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void AWAIT(Func<ValueTask> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Submit(new Submission<bool>(async () => { await operation(); return true; }));
    }

    /// <summary>Runs an operation returning a Task; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T AWAIT<T>(Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Submit(new Submission<T>(() => new ValueTask<T>(operation())));
    }

    /// <summary>Runs an operation returning a Task; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void AWAIT(Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Submit(new Submission<bool>(async () => { await operation(); return true; }));
    }

    /// <summary>Runs <c>operation(arg)</c>, for example <c>AWAIT(q.PutAsync, item)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T AWAIT<TArg, T>(Func<TArg, ValueTask<T>> operation, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return AWAIT(() => operation(arg));
    }

    /// <summary>Runs <c>operation(arg)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void AWAIT<TArg>(Func<TArg, ValueTask> operation, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(operation);
        AWAIT(() => operation(arg));
    }

    /// <summary>Runs <c>operation(arg)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T AWAIT<TArg, T>(Func<TArg, Task<T>> operation, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return AWAIT(() => operation(arg));
    }

    /// <summary>Runs <c>operation(arg)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void AWAIT<TArg>(Func<TArg, Task> operation, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(operation);
        AWAIT(() => operation(arg));
    }

    /// <summary>Runs <c>operation(arg1, arg2)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskOfTBody)]
    public static T AWAIT<T1, T2, T>(Func<T1, T2, ValueTask<T>> operation, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return AWAIT(() => operation(arg1, arg2));
    }

    /// <summary>Runs <c>operation(arg1, arg2)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.ValueTaskBody)]
    public static void AWAIT<T1, T2>(Func<T1, T2, ValueTask> operation, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(operation);
        AWAIT(() => operation(arg1, arg2));
    }

    /// <summary>Runs <c>operation(arg1, arg2)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskOfTBody)]
    public static T AWAIT<T1, T2, T>(Func<T1, T2, Task<T>> operation, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return AWAIT(() => operation(arg1, arg2));
    }

    /// <summary>Runs <c>operation(arg1, arg2)</c>; see <see cref="AWAIT{T}(Func{ValueTask{T}})"/>.</summary>
    [OverloadResolutionPriority(BodyForms.TaskBody)]
    public static void AWAIT<T1, T2>(Func<T1, T2, Task> operation, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(operation);
        AWAIT(() => operation(arg1, arg2));
    }

    /// <summary>
    /// From an async thread: waits for an operation the thread has already started, for example
    /// <c>using (AWAIT(lck.AcquireAsync())) { ... }</c>. Curio calls made in an async thread run as its backing task, and
    /// what they wait for is delivered only here, so a cancellation lands at the wait the operation is parked in. One
    /// that finished at once (a free lock) returns its value without a trip to the kernel, and is then not a
    /// cancellation point. Outside an async thread: <see cref="AsyncOnlyError"/>.
    /// </summary>
    public static T AWAIT<T>(ValueTask<T> operation)
    {
        var thread = OnAsyncThread();
        if (operation.IsCompleted) return operation.GetAwaiter().GetResult();
        var s = new Submission<T>(operation);
        thread.Run(s);
        return s.Outcome();
    }

    /// <summary>Waits for a started operation without a result; see <see cref="AWAIT{T}(ValueTask{T})"/>.</summary>
    public static void AWAIT(ValueTask operation)
    {
        OnAsyncThread();
        if (operation.IsCompleted) operation.GetAwaiter().GetResult();
        else AWAIT(Completion(operation));
    }

    /// <summary>Waits for a started Task; see <see cref="AWAIT{T}(ValueTask{T})"/>.</summary>
    public static T AWAIT<T>(Task<T> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return AWAIT(new ValueTask<T>(operation));
    }

    /// <summary>Waits for a started Task without a result; see <see cref="AWAIT{T}(ValueTask{T})"/>.</summary>
    public static void AWAIT(Task operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        AWAIT(new ValueTask(operation));
    }

    /// <summary>
    /// A value that is not an operation comes back unchanged, anywhere (Curio's <c>AWAIT</c> of a non-awaitable).
    /// </summary>
    [OverloadResolutionPriority(BodyForms.PlainValue)]
    public static T AWAIT<T>(T value) => value;

    /// <summary>A synchronous function is called here, in the calling thread, and its result returned (Curio calls it first).</summary>
    [OverloadResolutionPriority(BodyForms.SyncBody)]
    public static T AWAIT<T>(Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return func();
    }

    /// <summary>A synchronous action is called here, in the calling thread: <c>AWAIT(Thread.Sleep, 100)</c> just sleeps.</summary>
    [OverloadResolutionPriority(BodyForms.SyncBody)]
    public static void AWAIT(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
    }

    /// <summary>Calls <c>func(arg)</c> in the calling thread and returns its result.</summary>
    [OverloadResolutionPriority(BodyForms.SyncBody)]
    public static T AWAIT<TArg, T>(Func<TArg, T> func, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(func);
        return func(arg);
    }

    /// <summary>Calls <c>action(arg)</c> in the calling thread.</summary>
    [OverloadResolutionPriority(BodyForms.SyncBody)]
    public static void AWAIT<TArg>(Action<TArg> action, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(action);
        action(arg);
    }

    private static T Submit<T>(Submission<T> s)
    {
        OnAsyncThread().Run(s);
        return s.Outcome();
    }

    private static ThreadTask OnAsyncThread() => ThreadTask.OnThisThread ?? throw new AsyncOnlyError(
        "AWAIT of an async operation works only in an async thread (started with SpawnThread); " +
        (CurioTask.Current is null ? "this thread is not one." : "a task awaits it with await instead."));

    private static async ValueTask<bool> Completion(ValueTask operation)
    {
        await operation; // runs in the async thread as its task: the wait's end is delivered at the AWAIT
        return true;
    }

    // ---- timeouts inside async threads -----------------------------------------------------------

    /// <summary>
    /// Runs the synchronous block <paramref name="body"/> under a deadline (Curio's <c>with timeout_after(s):</c> in an
    /// async thread): the AWAITs inside raise <see cref="TaskTimeout"/> once it expires, and the block raises what
    /// <see cref="TimeoutAfter{T}(TimeSpan?, Func{Task{T}})"/> would (<see cref="TaskTimeout"/>,
    /// <see cref="TimeoutCancellationError"/>, <see cref="UncaughtTimeoutError"/>).
    /// </summary>
    public static void TimeoutAfter(TimeSpan? timeout, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        RunTimeoutBlock(timeout, () => { body(); return s_blockDone; }, ignore: false, false).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Like <see cref="TimeoutAfter(TimeSpan?, Action)"/>, but its own expiry ends the block quietly (Curio's
    /// <c>with ignore_after(s):</c> in an async thread). True if the block finished, false if it expired.
    /// </summary>
    public static bool IgnoreAfter(TimeSpan? timeout, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunTimeoutBlock(timeout, () => { body(); return s_blockDone; }, ignore: true, false).GetAwaiter().GetResult();
    }
}
