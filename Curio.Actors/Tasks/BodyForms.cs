namespace Curio.Actors;

/// <summary>
/// The shapes a task body (Curio's <c>corofunc, *args</c>) may take, brought to the two the kernel runs:
/// <see cref="Func{Task}"/> and <see cref="Func{TResult}"/> of <see cref="Task{TResult}"/>.
/// </summary>
/// <remarks>
/// Every API that takes a body offers it as <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> and
/// <c>ValueTask&lt;T&gt;</c>, with zero to three arguments. The priorities settle what C#'s rules leave open: a
/// function returning a value also converts to a no-result delegate (<c>Task&lt;int&gt;</c> is a <c>Task</c>), so
/// the value forms outrank the no-result ones and a result is never dropped; an async lambda fits <c>Task</c> and
/// <c>ValueTask</c> alike (CS0121), so <c>Task</c> outranks <c>ValueTask</c>. A priority only chooses among
/// overloads that apply, so a method group returning <c>ValueTask</c> still finds its own.
/// </remarks>
internal static class BodyForms
{
    /// <summary>A plain synchronous function (AWAIT's pass-through forms): below every awaitable form.</summary>
    internal const int SyncBody = -1;
    /// <summary>AWAIT's plain value: last, so a delegate or an awaitable is never passed through uncalled.</summary>
    internal const int PlainValue = -2;
    internal const int ValueTaskBody = 0;
    internal const int TaskBody = 1;
    internal const int ValueTaskOfTBody = 2;
    internal const int TaskOfTBody = 3;

    internal static Func<Task> Of(Func<ValueTask> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return async () => await body();
    }

    internal static Func<Task<T>> Of<T>(Func<ValueTask<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return async () => await body();
    }

    internal static Func<TResult> Bind<T1, TResult>(Func<T1, TResult> func, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(func);
        return () => func(arg1);
    }

    internal static Func<TResult> Bind<T1, T2, TResult>(Func<T1, T2, TResult> func, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(func);
        return () => func(arg1, arg2);
    }

    internal static Func<TResult> Bind<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> func, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(func);
        return () => func(arg1, arg2, arg3);
    }
}
