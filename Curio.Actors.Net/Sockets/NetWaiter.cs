namespace Curio.Actors.Net;

/// <summary>
/// A waiter for .NET async code (the TLS stream adapter) parked on a connection buffer. Its continuation runs inline
/// on the thread that wakes it (the connection's stage, outside its locks): SslStream then decrypts right there
/// instead of after one more thread-pool hop.
/// </summary>
internal sealed class NetWaiter : IWaker
{
    private TaskCompletionSource _tcs = new();

    internal Task Task => _tcs.Task;

    /// <summary>Prepares a fresh wait (call under the buffer's lock) and returns this waiter.</summary>
    internal NetWaiter Arm()
    {
        if (_tcs.Task.IsCompleted) _tcs = new TaskCompletionSource();
        return this;
    }

    public void Wake() => _tcs.TrySetResult();
}
