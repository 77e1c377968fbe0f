using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Curio.Actors.Engine;
using Curio.Actors.Worker;

namespace Curio.Actors;

public static partial class Async
{
    /// <summary>
    /// Runs a blocking callable in one of the kernel's worker threads and returns its result (Curio's
    /// <c>run_in_thread</c>). Its exception is raised here as itself. Always a cancellation point: a cancel or timeout
    /// reaches the waiting task at once while the callable runs on to completion in its thread, whose result is then
    /// dropped; that thread leaves the pool (a zombie) and its slot is freed at once. The pool is dedicated threads,
    /// up to <see cref="Workers.MaxWorkerThreads"/> per kernel; further calls wait in FIFO order.
    /// </summary>
    public static ValueTask<T> RunInThread<T>(Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return RunInThreadCore(_ => func(), wantsToken: false);
    }

    /// <summary>Runs a blocking action in a worker thread; see <see cref="RunInThread{T}(Func{T})"/>.</summary>
    public static ValueTask RunInThread(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ValueTask(RunInThreadCore(_ => { action(); return true; }, wantsToken: false).AsTask());
    }

    /// <summary>Runs <c>func(arg)</c> in a worker thread, as Curio's <c>run_in_thread(callable, *args)</c>.</summary>
    public static ValueTask<TResult> RunInThread<TArg, TResult>(Func<TArg, TResult> func, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(func);
        return RunInThreadCore(_ => func(arg), wantsToken: false);
    }

    /// <summary>Runs <c>action(arg)</c> in a worker thread, for example <c>RunInThread(Thread.Sleep, 100)</c>.</summary>
    public static ValueTask RunInThread<TArg>(Action<TArg> action, TArg arg)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ValueTask(RunInThreadCore(_ => { action(arg); return true; }, wantsToken: false).AsTask());
    }

    /// <summary>Runs <c>func(arg1, arg2)</c> in a worker thread; see <see cref="RunInThread{T}(Func{T})"/>.</summary>
    public static ValueTask<TResult> RunInThread<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(func);
        return RunInThreadCore(_ => func(arg1, arg2), wantsToken: false);
    }

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> in a worker thread; see <see cref="RunInThread{T}(Func{T})"/>.</summary>
    public static ValueTask<TResult> RunInThread<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> func, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(func);
        return RunInThreadCore(_ => func(arg1, arg2, arg3), wantsToken: false);
    }

    /// <summary>Runs <c>action(arg1, arg2)</c> in a worker thread; see <see cref="RunInThread{T}(Func{T})"/>.</summary>
    public static ValueTask RunInThread<T1, T2>(Action<T1, T2> action, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ValueTask(RunInThreadCore(_ => { action(arg1, arg2); return true; }, wantsToken: false).AsTask());
    }

    /// <summary>Runs <c>action(arg1, arg2, arg3)</c> in a worker thread; see <see cref="RunInThread{T}(Func{T})"/>.</summary>
    public static ValueTask RunInThread<T1, T2, T3>(Action<T1, T2, T3> action, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ValueTask(RunInThreadCore(_ => { action(arg1, arg2, arg3); return true; }, wantsToken: false).AsTask());
    }

    /// <summary>
    /// Runs a token-aware blocking callable in a worker thread. The token is cancelled when the waiting task is
    /// cancelled or times out (in place of Curio's <c>call_on_cancel</c>), so the zombie can stop early.
    /// </summary>
    public static ValueTask<T> RunInThread<T>(Func<CancellationToken, T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return RunInThreadCore(func, wantsToken: true);
    }

    private static ValueTask<T> RunInThreadCore<T>(Func<CancellationToken, T> func, bool wantsToken)
    {
        var me = CurioTask.Require(nameof(RunInThread));
        var pool = KernelWorkers.Threads(me.Core);
        pool.CheckOpen();
        me.ThrowIfCancelPending();
        var node = new ThreadCallNode<T>(me, pool, func, wantsToken);
        return ParkAndSubmit(me, node, pool.Submit);
    }

    /// <summary>
    /// Runs a CPU-heavy static method in a worker process and returns its result (Curio's <c>run_in_process</c>):
    /// <c>await RunInProcess(Fib, 40)</c>. A .NET delegate cannot be pickled, so <paramref name="func"/> must be a
    /// static method (a method group; lambdas and instance methods are refused): the worker loads its assembly by
    /// path and finds it by declaring type, name and parameter types. Arguments and result travel as JSON
    /// (System.Text.Json, fields included) with the declared parameter and return types, so they must be
    /// serialisable; shared state does not travel. The worker is the library's own host process (no worker program
    /// to write), from a pool of <see cref="Workers.MaxWorkerProcesses"/> per kernel started on first use and reused.
    /// A cancel or timeout kills the worker at once (a fresh one replaces it on next use); an exception in the
    /// worker comes back as its own type (found by name, built with its (message, inner) constructor) whose inner
    /// exception is a <see cref="RemoteTraceback"/> with the worker's stack trace, as Curio re-raises it; a type that
    /// cannot be rebuilt comes back as <see cref="RemoteException"/>; a worker that dies
    /// gives <see cref="BrokenWorkerError"/>. Always a cancellation point. An async static method (returning
    /// Task&lt;TResult&gt;) is run to completion in the worker and its result returned.
    /// </summary>
    public static ValueTask<TResult> RunInProcess<TResult>(Func<TResult> func) =>
        RunInProcessCore<TResult>(MethodOf(func), []);

    /// <summary>Runs <c>func(arg1)</c> in a worker process; see <see cref="RunInProcess{TResult}(Func{TResult})"/>.</summary>
    public static ValueTask<TResult> RunInProcess<T1, TResult>(Func<T1, TResult> func, T1 arg1) =>
        RunInProcessCore<TResult>(MethodOf(func), [arg1]);

    /// <summary>Runs <c>func(arg1, arg2)</c> in a worker process; see <see cref="RunInProcess{TResult}(Func{TResult})"/>.</summary>
    public static ValueTask<TResult> RunInProcess<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2) =>
        RunInProcessCore<TResult>(MethodOf(func), [arg1, arg2]);

    /// <summary>Runs <c>func(arg1, arg2, arg3)</c> in a worker process; see <see cref="RunInProcess{TResult}(Func{TResult})"/>.</summary>
    public static ValueTask<TResult> RunInProcess<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> func, T1 arg1, T2 arg2, T3 arg3) =>
        RunInProcessCore<TResult>(MethodOf(func), [arg1, arg2, arg3]);

    /// <summary>Runs an async static method to completion in a worker process and returns what its task produced.</summary>
    public static ValueTask<TResult> RunInProcess<TResult>(Func<Task<TResult>> func) =>
        RunInProcessCore<TResult>(MethodOf(func), []);

    /// <summary>Runs an async static method <c>func(arg1)</c> to completion in a worker process.</summary>
    public static ValueTask<TResult> RunInProcess<T1, TResult>(Func<T1, Task<TResult>> func, T1 arg1) =>
        RunInProcessCore<TResult>(MethodOf(func), [arg1]);

    /// <summary>Runs an async static method <c>func(arg1, arg2)</c> to completion in a worker process.</summary>
    public static ValueTask<TResult> RunInProcess<T1, T2, TResult>(Func<T1, T2, Task<TResult>> func, T1 arg1, T2 arg2) =>
        RunInProcessCore<TResult>(MethodOf(func), [arg1, arg2]);

    /// <summary>Runs <c>action(arg1)</c> in a worker process for its effects; see <see cref="RunInProcess{TResult}(Func{TResult})"/>.</summary>
    public static async ValueTask RunInProcess<T1>(Action<T1> action, T1 arg1) =>
        await RunInProcessCore<JsonElement?>(MethodOf(action), [arg1]);

    /// <summary>
    /// Runs a static method given by reflection in a worker process; <paramref name="args"/> are serialised with the
    /// method's parameter types and the result is read as <typeparamref name="TResult"/>.
    /// </summary>
    public static ValueTask<TResult> RunInProcess<TResult>(MethodInfo method, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        return RunInProcessCore<TResult>(Checked(method), args);
    }

    private static MethodInfo MethodOf(Delegate func)
    {
        ArgumentNullException.ThrowIfNull(func);
        if (func.Target is not null || func.GetInvocationList().Length != 1)
            throw new ArgumentException(
                $"RunInProcess needs a static method, such as a method group (RunInProcess(Fib, 40)); {func.Method.DeclaringType?.Name}.{func.Method.Name} " +
                "is a lambda, an instance method or a multicast delegate, whose state cannot travel to another process. " +
                "Move the code into a static method and pass its arguments explicitly.", nameof(func));
        return Checked(func.Method);
    }

    private static MethodInfo Checked(MethodInfo method)
    {
        if (!method.IsStatic)
            throw new ArgumentException($"RunInProcess needs a static method; {method.DeclaringType?.Name}.{method.Name} is an instance method.", nameof(method));
        if (method.ContainsGenericParameters || method.IsGenericMethod || method.DeclaringType is not { } type || type.ContainsGenericParameters || type.IsGenericType)
            throw new ArgumentException($"RunInProcess cannot run {method.Name}: generic methods and methods of generic types are not supported.", nameof(method));
        if (type.Assembly.IsDynamic || string.IsNullOrEmpty(type.Assembly.Location))
            throw new ArgumentException($"RunInProcess cannot run {type.Name}.{method.Name}: its assembly has no file on disk for the worker to load.", nameof(method));
        if (method.GetParameters().Any(p => p.ParameterType.IsByRef))
            throw new ArgumentException($"RunInProcess cannot run {type.Name}.{method.Name}: ref and out parameters cannot travel.", nameof(method));
        return method;
    }

    private static ValueTask<TResult> RunInProcessCore<TResult>(MethodInfo method, object?[] args)
    {
        var me = CurioTask.Require(nameof(RunInProcess));
        var parameters = method.GetParameters();
        if (parameters.Length != args.Length)
            throw new ArgumentException($"{method.Name} takes {parameters.Length} arguments; {args.Length} were given.", nameof(args));
        var pool = KernelWorkers.Processes(me.Core);
        pool.CheckOpen();
        me.ThrowIfCancelPending();
        // The request is encoded by the pool off the kernel's strand: the serializer's first use of a type takes
        // tens of milliseconds. An argument it cannot encode is raised here, at the await.
        var node = new ProcessCallNode<TResult>(me, pool, () => EncodeRequest(method, parameters, args), $"{method.DeclaringType!.Name}.{method.Name}");
        return ParkAndSubmit(me, node, pool.Submit);
    }

    private static byte[] EncodeRequest(MethodInfo method, ParameterInfo[] parameters, object?[] args)
    {
        var type = method.DeclaringType!;
        var encoded = new JsonElement[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            try { encoded[i] = JsonSerializer.SerializeToElement(args[i], parameters[i].ParameterType, WorkerJson.Options); }
            catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
            {
                throw new ArgumentException($"Argument {parameters[i].Name} of {type.Name}.{method.Name} cannot be serialised for another process: {e.Message}", nameof(args), e);
            }
        }
        return JsonSerializer.SerializeToUtf8Bytes(new WorkerRequest
        {
            Assembly = type.Assembly.Location,
            Type = type.FullName!,
            Method = method.Name,
            Parameters = MethodResolver.ParameterNames(method),
            Args = encoded,
        }, WorkerJson.Options);
    }

    private static ValueTask<T> ParkAndSubmit<T>(CurioTask me, WaitNode<T> node, Action<IPoolCall> submit)
    {
        var parked = me.Park(node, "FUTURE_WAIT");
        try
        {
            submit((IPoolCall)node);
        }
        catch
        {
            me.CurrentWait = null; // the wait never began
            me.State = "RUNNING";
            throw;
        }
        return parked;
    }
}
