namespace Curio.Actors;

/// <summary>
/// The deadline of the timeout block that sees it expired (Curio's <c>TaskTimeout</c>).
/// <see cref="Clock"/> is the kernel clock when the timeout fired.
/// </summary>
public class TaskTimeout : CancelledError
{
    /// <summary>Creates the exception for a timeout that fired at <paramref name="clock"/>.</summary>
    public TaskTimeout(TimeSpan clock) : base($"Timed out (kernel clock {clock.TotalSeconds:0.000000} s)") => Clock = clock;

    /// <summary>Creates the exception with a message, for a timeout that fired at <paramref name="clock"/>.</summary>
    public TaskTimeout(TimeSpan clock, string? message, Exception? inner = null) : base(message, inner) => Clock = clock;

    /// <summary>The kernel clock at expiry (Curio's <c>args[0]</c>).</summary>
    public TimeSpan Clock { get; }
}
