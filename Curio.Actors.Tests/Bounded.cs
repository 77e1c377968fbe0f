namespace Curio.Actors.Tests;

/// <summary>A blocking call made bounded: the spec fails with a timeout instead of hanging the test run.</summary>
public static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="blocking"/> (such as <c>Kernel.Run</c>) on a thread of its own; its exception comes back as itself.</summary>
    public static T Call<T>(Func<T> blocking)
    {
        var call = Task.Factory.StartNew(blocking, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)call).AsyncWaitHandle.WaitOne(Limit)) throw new TimeoutException($"A blocking call did not return within {Limit.TotalSeconds:0} s.");
        // The call has ended: its exception comes back as itself, not wrapped in an AggregateException.
        if (call.IsFaulted) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(call.Exception!.InnerException!);
        return call.Result;
    }

    /// <summary>Runs a blocking action on a thread of its own, bounded; see <see cref="Call{T}(Func{T})"/>.</summary>
    public static void Call(Action blocking) => Call(() => { blocking(); return true; });
}
