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
        return call.GetAwaiter().GetResult(); // no wait: the call has ended; this rethrows its exception as itself
    }

    /// <summary>Runs a blocking action on a thread of its own, bounded; see <see cref="Call{T}(Func{T})"/>.</summary>
    public static void Call(Action blocking) => Call(() => { blocking(); return true; });
}
