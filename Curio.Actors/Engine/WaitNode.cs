using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Curio.Actors.Engine;

/// <summary>
/// One blocking wait of one task (Curio's trap with its cancel_func). Exactly one of three things ends it, decided
/// by a compare-and-swap so that a wake-up racing a cancel can never both happen: a wake (from any thread, carrying
/// the value), a fault (the awaited operation failed), or an abort (a cancel or timeout delivered by the owner's
/// actor, which then unregisters the node). A wake or fault reaches the task as this node, sent as a message to the
/// owner's actor; only then does the awaiting code resume.
/// </summary>
internal abstract class WaitNode : TaskMessage
{
    private const int Armed = 0, Claimed = 1, Aborted = 2;
    private int _state;
    private bool _resumed;
    private Action<object?>? _continuation;
    private object? _continuationState;

    protected WaitNode(CurioTask owner) : base(owner) { }

    /// <summary>The failure GetResult raises: the delivered cancellation or the awaited operation's exception.</summary>
    protected Exception? Error { get; private set; }

    /// <summary>What the task waits on (a lock, a queue, a task), for snapshots; set by Park.</summary>
    internal object? On;

    // Intrusive links for WaitQueue: O(1) removal when a waiter is cancelled.
    internal WaitQueue? Queue;
    internal WaitNode? Prev, Next;

    /// <summary>True once woken, faulted or aborted.</summary>
    internal bool IsDone => Volatile.Read(ref _state) != Armed;

    /// <summary>
    /// True for waits on work running outside the kernel (a worker thread or process, a .NET task): while one is
    /// parked the kernel is busy, so a virtual clock does not jump past it.
    /// </summary>
    internal virtual bool IsOutsideWork => false;

    private int _outsideCounted;

    /// <summary>Called by Park: counts an outside wait until the node is woken or aborted.</summary>
    internal void OnParked()
    {
        if (!IsOutsideWork) return;
        _outsideCounted = 1;
        Owner.Core.ExternalWaitBegin();
        if (IsDone) EndOutsideWait(); // completed before it was counted
    }

    private void EndOutsideWait()
    {
        if (Interlocked.Exchange(ref _outsideCounted, 0) == 1) Owner.Core.ExternalWaitEnd();
    }

    /// <summary>Claims the node for a wake-up; the caller then stores the value and calls <see cref="Post"/>.</summary>
    protected bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Armed) == Armed;

    /// <summary>Sends the node to its owner's actor, where <see cref="Execute"/> resumes the awaiting code.</summary>
    protected void Post()
    {
        Owner.State = "READY";
        Owner.Send(this);
        EndOutsideWait(); // after the send: the kernel never looks idle between the two
    }

    /// <summary>Ends the wait with a failure of the awaited operation (not a cancellation).</summary>
    internal bool TryFault(Exception error)
    {
        if (!TryClaim()) return false;
        Error = error;
        Post();
        return true;
    }

    /// <summary>Called on the owner's actor to deliver a cancellation. False if a wake-up won the race.</summary>
    internal bool TryAbort(Exception error)
    {
        if (Interlocked.CompareExchange(ref _state, Aborted, Armed) != Armed) return false;
        EndOutsideWait();
        Error = error;
        Unregister();
        return true;
    }

    /// <summary>Undoes the registration (Curio's cancel_func): leave a wait queue, stop a timer, cancel an operation.</summary>
    protected virtual void Unregister() => Queue?.Remove(this);

    /// <summary>Runs on the owner's actor: the wait is over, run the awaiting code.</summary>
    internal override void Execute() => Owner.OnWaitEnded(this);

    internal void Resume()
    {
        _resumed = true;
        var c = _continuation;
        _continuation = null;
        c?.Invoke(_continuationState);
    }

    protected ValueTaskSourceStatus Status =>
        !_resumed ? ValueTaskSourceStatus.Pending : Error is null ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Faulted;

    protected void SetContinuation(Action<object?> continuation, object? state)
    {
        _continuationState = state;
        _continuation = continuation;
    }

    protected void ThrowIfError()
    {
        if (Error is { } e) ExceptionDispatchInfo.Throw(e);
    }
}

/// <summary>A wait that produces a <typeparamref name="T"/>; awaited as a ValueTask without further allocation.</summary>
internal class WaitNode<T>(CurioTask owner) : WaitNode(owner), IValueTaskSource<T>, IValueTaskSource
{
    private T _value = default!;

    /// <summary>Wakes the waiter with a value. False if it was already woken or cancelled.</summary>
    internal bool TryWake(T value)
    {
        if (!TryClaim()) return false;
        _value = value;
        Post();
        return true;
    }

    /// <summary>The value a wake-up delivered (valid once the node was woken).</summary>
    internal T Value => _value;

    public T GetResult(short token)
    {
        ThrowIfError();
        return _value;
    }

    void IValueTaskSource.GetResult(short token) => ThrowIfError();

    public ValueTaskSourceStatus GetStatus(short token) => Status;

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => SetContinuation(continuation, state);
}
