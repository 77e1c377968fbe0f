using Akka.Actor;

namespace Curio.Actors;

public static partial class Async
{
    /// <summary>
    /// Takes the oldest message of type <typeparamref name="T"/> that passes <paramref name="filter"/> from the current
    /// task's mailbox, waiting for one if there is none (a cancellation point that honours timeouts: wrap it in
    /// <see cref="TimeoutAfter{T}(TimeSpan?, Func{Task{T}})"/> for a receive timeout). Messages that do not match stay
    /// queued in their order; a receive that is cancelled or times out takes no message, so none is lost. A matching
    /// message already queued is returned without blocking (and then, as in Curio, without a cancellation check).
    /// The filter may run on the teller's thread: keep it quick and free of side effects.
    /// </summary>
    public static ValueTask<T> ReceiveAsync<T>(Func<T, bool>? filter = null)
    {
        var me = CurioTask.Require(nameof(ReceiveAsync));
        return me.Mailbox.Receive(me, filter);
    }

    /// <summary>
    /// The sender of the message the current task received last (Akka's <c>Sender</c>): an actor, another task's
    /// <see cref="CurioTask.Ref"/>, an Ask's temporary reference, or <see cref="ActorRefs.Nobody"/> when it came without one.
    /// </summary>
    public static IActorRef Sender => CurioTask.Require(nameof(Sender)).Mailbox.LastSender ?? ActorRefs.Nobody;

    /// <summary>Tells <paramref name="message"/> to the sender of the last received message, with this task as the sender.</summary>
    public static void Reply(object message)
    {
        var me = CurioTask.Require(nameof(Reply));
        var to = me.Mailbox.LastSender;
        if (to is null || to.IsNobody())
            throw new InvalidOperationException($"Task {me.Id} ({me.Name}) has no sender to reply to: its last message came without one.");
        to.Tell(message, me.Ref);
    }

    /// <summary>Tells <paramref name="message"/> to an actor (or a task's <see cref="CurioTask.Ref"/>) with the current task as the sender, so replies reach its mailbox.</summary>
    public static void Tell(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, CurioTask.Require(nameof(Tell)).Ref);
    }

    /// <summary>
    /// Asks an actor (Akka's Ask) and awaits the answer as a cancellation point: a cancel or an enclosing timeout
    /// abandons the wait at once. With <paramref name="timeout"/>, the ask runs under
    /// <see cref="TimeoutAfter{T}(TimeSpan?, Func{Task{T}})"/> on the kernel clock, so it raises <see cref="TaskTimeout"/>
    /// (not Akka's AskTimeoutException). An answer of another type raises <see cref="InvalidCastException"/>, and a
    /// <see cref="Status.Failure"/> answer raises its cause, as Akka's Ask does.
    /// </summary>
    public static async Task<T> Ask<T>(IActorRef target, object message, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        CurioTask.Require(nameof(Ask));
        if (timeout is null) return await Await(ct => target.Ask<T>(message, null, ct));
        return await TimeoutAfter(timeout, async () => await Await(ct => target.Ask<T>(message, null, ct)));
    }
}
