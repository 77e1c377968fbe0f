namespace Curio.Actors.Remote;

// Curio's accept logs a bad client and goes on waiting, never raising to the server; a program that wants to act on
// them (count, ban, alert) reads them here, from a task, instead of from OnPeerRejected on an actor's thread.
public sealed partial class Channel
{
    /// <summary>How many rejections wait unread at most; beyond that the oldest go, so a peer trying keys cannot fill memory.</summary>
    internal const int MaxRejections = 256;

    private readonly Queue<ChannelRejection> _rejections = new();
    private TaskCompletionSource<bool>? _rejectionCame;
    private bool _rejectionsEnded;

    /// <summary>
    /// Waits for the next peer the accepting side dropped (wrong key, silent, lost) and returns it, oldest first; a
    /// cancellation point. <see cref="AcceptAsync(byte[], string?)"/> goes on waiting for a good peer meanwhile, as
    /// Curio's <c>accept</c> does, so a task beside the accepting one can watch the failures. Rejections are kept from
    /// the first bind on (the latest 256 when nobody reads them). After <see cref="CloseAsync"/>, those kept are
    /// returned, then <see cref="ConnectionError"/> ("The Channel is closed.").
    /// </summary>
    public async Task<ChannelRejection> NextRejectionAsync()
    {
        while (true)
        {
            Task<bool> came;
            lock (_rejections)
            {
                if (_rejections.TryDequeue(out var r)) return r;
                if (_rejectionsEnded) throw new ConnectionError("The Channel is closed.");
                came = (_rejectionCame ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await Await(came); // taken only after waking, so a cancelled wait leaves the rejection for the next one
        }
    }

    /// <summary>
    /// The dropped peers as they come (<c>await foreach (var r in ch.RejectionsAsync())</c>), ending when the Channel is
    /// closed; see <see cref="NextRejectionAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<ChannelRejection> RejectionsAsync()
    {
        while (true)
        {
            ChannelRejection r;
            try { r = await NextRejectionAsync(); }
            catch (ConnectionError) when (RejectionsEnded) { yield break; }
            yield return r;
        }
    }

    private bool RejectionsEnded
    {
        get { lock (_rejections) return _rejectionsEnded && _rejections.Count == 0; }
    }

    // On the listener's actor thread.
    private void OnRejected(ChannelRejection rejection)
    {
        TaskCompletionSource<bool>? wake;
        lock (_rejections)
        {
            if (_rejections.Count == MaxRejections) _rejections.Dequeue();
            _rejections.Enqueue(rejection);
            wake = _rejectionCame;
            _rejectionCame = null;
        }
        wake?.TrySetResult(true);
    }

    private void EndRejections()
    {
        TaskCompletionSource<bool>? wake;
        lock (_rejections)
        {
            _rejectionsEnded = true;
            wake = _rejectionCame;
            _rejectionCame = null;
        }
        wake?.TrySetResult(true);
    }
}
