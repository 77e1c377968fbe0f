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
        node.EndExternalWait();
        if (t.IsCompletedSuccessfully) node.TryWake(t.Result);
        else
        {
            try { t.GetAwaiter().GetResult(); }
            catch (Exception e) { node.TryFault(e); }
        }
    };

    private int _external;

    internal void Watch(Task<T> task)
    {
        _external = 1;
        Owner.Core.ExternalWaitBegin();
        task.ContinueWith(s_completed, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void EndExternalWait()
    {
        if (Interlocked.Exchange(ref _external, 0) == 1) Owner.Core.ExternalWaitEnd();
    }

    protected override void Unregister()
    {
        EndExternalWait();
        if (cancel is null) return;
        try { cancel.Cancel(); }
        catch (AggregateException) { } // a callback of the abandoned operation failed; it is no longer ours
    }
}
