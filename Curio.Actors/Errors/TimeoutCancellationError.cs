namespace Curio.Actors;

/// <summary>
/// An enclosing block's deadline expired, not this block's (Curio's <c>TimeoutCancellationError</c>):
/// the code is being cancelled because time ran out higher up.
/// </summary>
public class TimeoutCancellationError : CancelledError
{
    /// <summary>Creates the exception for a timeout that fired at <paramref name="clock"/>.</summary>
    public TimeoutCancellationError(TimeSpan clock, Exception? inner = null)
        : base($"An enclosing timeout expired (kernel clock {clock.TotalSeconds:0.000000} s)", inner) => Clock = clock;

    /// <summary>The kernel clock at expiry.</summary>
    public TimeSpan Clock { get; }
}
