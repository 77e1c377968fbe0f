namespace Curio.Actors.Engine;

/// <summary>
/// A wait on a .NET task (Curio's future wait): the task's completion wakes the waiter; a cancellation delivered
/// meanwhile aborts the wait at once and signals <paramref name="cancel"/>, leaving the .NET task to finish alone.
/// </summary>
internal sealed class FutureNode<T>(CurioTask owner, CancellationTokenSource? cancel) : WaitNode<T>(owner)
{
    private static readonly Action<Task<T>, object?> s_completed = (t, state) =>
    {
        var node = (FutureNode<T>)state!;
        if (t.IsCompletedSuccessfully) node.TryWake(t.Result);
        else
        {
            try { t.GetAwaiter().GetResult(); }
            catch (Exception e) { node.TryFault(e); }
        }
    };

    internal override bool IsOutsideWork => true;

    internal void Watch(Task<T> task)
    {
        task.ContinueWith(s_completed, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    protected override void Unregister()
    {
        // Callbacks of the abandoned operation run off the kernel thread, never inside a kernel operation.
        if (cancel is not null) _ = cancel.CancelAsync();
    }
}
