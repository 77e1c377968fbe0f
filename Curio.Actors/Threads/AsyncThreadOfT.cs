namespace Curio.Actors;

/// <summary>An <see cref="AsyncThread"/> whose function returns a <typeparamref name="T"/>.</summary>
public sealed class AsyncThread<T> : AsyncThread
{
    internal AsyncThread(CurioTask task) : base(task) { }

    /// <summary>The function's result; see <see cref="AsyncThread.Result"/>.</summary>
    public new T Result => (T)base.Result!;

    /// <summary>Waits for the thread and returns its result; see <see cref="AsyncThread.JoinAsync"/>.</summary>
    public new async ValueTask<T> JoinAsync() => (T)(await base.JoinAsync())!;
}
