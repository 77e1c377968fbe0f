namespace Curio.Actors;

/// <summary>How a kernel runs its task actors.</summary>
public enum SchedulingMode
{
    /// <summary>
    /// Curio's model (the default): one task runs at a time, from one FIFO drained by one thread at a time, in the
    /// exact orders Curio gives (a spawned child first runs when its parent blocks, ready tasks take turns, waiters
    /// wake FIFO).
    /// </summary>
    Sequential,

    /// <summary>Task actors spread over all cores on Akka's default dispatcher; every primitive stays correct.</summary>
    Parallel,
}
