namespace Curio.Actors.Net;

/// <summary>A waiter for .NET async code (the TLS stream adapter) parked on a connection buffer.</summary>
internal sealed class NetWaiter : IWaker
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Task Task => _tcs.Task;

    /// <summary>Prepares a fresh wait (call under the buffer's lock) and returns this waiter.</summary>
    internal NetWaiter Arm()
    {
        if (_tcs.Task.IsCompleted) _tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return this;
    }

    public void Wake() => _tcs.TrySetResult();
}
