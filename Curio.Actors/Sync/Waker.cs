using Curio.Actors.Engine;

namespace Curio.Actors;

/// <summary>
/// One waiting party of a Universal* primitive: a task (parked on a kernel <see cref="WaitNode{T}"/>) or a plain
/// thread / .NET async caller (a TaskCompletionSource). Either way exactly one of wake or abort wins, by CAS, so a
/// wake-up racing a cancellation can neither lose the value nor deliver it twice.
/// </summary>
internal class Waker<TWake>
{
    private const int Armed = 0, Woken = 1, Aborted = 2;
    private readonly Node? _node;
    private readonly TaskCompletionSource<TWake>? _tcs;
    private int _state;

    // Intrusive links for WakerList: O(1) removal when a waiter gives up.
    internal WakerList<TWake>? List;
    internal Waker<TWake>? Prev, Next;

    internal Waker(CurioTask? task)
    {
        if (task is not null) _node = new Node(task, this);
        else _tcs = new TaskCompletionSource<TWake>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Hands the value over; false if this waiter already gave up (or was woken).</summary>
    internal bool TryWake(TWake value)
    {
        if (_node is not null) return _node.TryWake(value);
        if (Interlocked.CompareExchange(ref _state, Woken, Armed) != Armed) return false;
        _tcs!.SetResult(value);
        return true;
    }

    /// <summary>Parks the calling task (the waker was built for it).</summary>
    internal ValueTask<TWake> Park(CurioTask me, string state, object? on = null) => me.Park(_node!, state, on);

    /// <summary>Parks the calling task, ignoring the wake-up value.</summary>
    internal ValueTask ParkVoid(CurioTask me, string state, object? on = null)
    {
        me.Park(_node!, state, on);
        return new ValueTask(_node!, 0);
    }

    /// <summary>Blocks the calling thread until woken; a cancelled token gives up unless the value already came.</summary>
    internal TWake Block(CancellationToken cancellationToken)
    {
        try
        {
            _tcs!.Task.Wait(cancellationToken);
        }
        catch (OperationCanceledException) when (TryGiveUp())
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // woken meanwhile: the value is ours, never dropped
        }
        return _tcs!.Task.GetAwaiter().GetResult();
    }

    /// <summary>Awaits the wake-up from plain .NET async code (outside any task).</summary>
    internal async Task<TWake> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _tcs!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!TryGiveUp())
        {
            return await _tcs!.Task.ConfigureAwait(false);
        }
    }

    private bool TryGiveUp()
    {
        if (Interlocked.CompareExchange(ref _state, Aborted, Armed) != Armed) return false;
        List?.Remove(this);
        return true;
    }

    private sealed class Node(CurioTask owner, Waker<TWake> waker) : WaitNode<TWake>(owner)
    {
        protected override void Unregister() => waker.List?.Remove(waker);
    }
}

/// <summary>A waiting putter: the item goes into the queue when it is woken (space was made for it).</summary>
internal sealed class PutWaker<T>(CurioTask? task, T item) : Waker<bool>(task)
{
    internal T Item { get; } = item;
}
