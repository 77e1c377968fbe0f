namespace Curio.Actors;

/// <summary>
/// A <see cref="TaskTimeout"/> escaped the block that owned it and reached a block whose own deadline has
/// not passed (Curio's <c>UncaughtTimeoutError</c>). It is an operational error, not a cancellation.
/// </summary>
public class UncaughtTimeoutError : CurioError
{
    /// <summary>Creates the error; <paramref name="inner"/> is the timeout that escaped.</summary>
    public UncaughtTimeoutError(string? message, Exception? inner) : base(message, inner) { }
}
