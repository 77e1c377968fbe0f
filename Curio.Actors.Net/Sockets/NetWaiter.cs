namespace Curio.Actors.Net;

/// <summary>
/// The TLS stream adapter's writer parked on a full <see cref="Outbox"/>. Its continuation runs inline on the thread
/// that wakes it (the connection's stage, outside its locks) and only queues bytes: it never calls into OpenSSL, so it
/// needs no <see cref="Connection.TlsGate"/> (the read side does: <see cref="NetReadWaiter"/>).
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
