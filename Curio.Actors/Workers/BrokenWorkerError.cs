namespace Curio.Actors;

/// <summary>
/// A worker process could not be started, or died while running a call (a crash, <c>Environment.Exit</c>, a
/// stack overflow, a kill from outside). The pool drops that worker and starts a fresh one for the next call.
/// </summary>
public sealed class BrokenWorkerError : CurioError
{
    /// <summary>Creates the error with a message and what caused it (often the broken pipe).</summary>
    public BrokenWorkerError(string message, Exception? inner = null) : base(message, inner) { }
}
