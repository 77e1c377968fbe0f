using System.Threading.Tasks.Sources;

namespace Curio.Actors.Net;

/// <summary>
/// The TLS adapter's pending read on an <see cref="Inbox"/>. The thread that brings bytes (the connection's stage, or
/// a closing task) completes it inside the connection's <see cref="Connection.TlsGate"/>, and the awaiting SslStream
/// runs on right there: its decrypt then never overlaps <see cref="System.Net.Security.SslStream.ShutdownAsync"/>,
/// which calls OpenSSL without SslStream's own lock.
/// </summary>
internal sealed class NetReadWaiter(Inbox inbox, object gate) : IWaker, IValueTaskSource<int>
{
    // Continuations run inline (RunContinuationsAsynchronously is false): SslStream awaits with ConfigureAwait(false),
    // so nothing is captured and the decrypt stays inside the gate. Only a read completed before SslStream registered
    // its continuation goes to the pool: that happens in the handshake, before any other task can use the stream.
    private ManualResetValueTaskSourceCore<int> _core;
    private Memory<byte> _dest;

    /// <summary>Prepares a fresh wait for <paramref name="dest"/>; call under the inbox's lock.</summary>
    internal ValueTask<int> Arm(Memory<byte> dest)
    {
        _core.Reset();
        _dest = dest;
        return new ValueTask<int>(this, _core.Version);
    }

    public void Wake()
    {
        lock (gate)
        {
            int n;
            try
            {
                if (!inbox.TryCompleteNetRead(this, _dest.Span, out n)) return; // re-armed: nothing for us yet
            }
            catch (Exception e)
            {
                _dest = default;
                _core.SetException(e);
                return;
            }
            _dest = default;
            _core.SetResult(n);
        }
    }

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
