using System.Runtime.InteropServices;

namespace Curio.Actors;

/// <summary>
/// Raised by <see cref="Kernel.Run(Func{Task}, KernelOptions?)"/> when SIGINT (Ctrl-C) or SIGTERM stopped the program
/// (Curio's <c>KeyboardInterrupt</c>): every task was cancelled and unwound first. It derives from
/// <see cref="OperationCanceledException"/>, not from <see cref="CancelledError"/>: like Python's, it is not a task
/// cancellation but the end of the whole run.
/// </summary>
public class KeyboardInterrupt : OperationCanceledException
{
    /// <summary>Creates the exception for <paramref name="signal"/>.</summary>
    public KeyboardInterrupt(PosixSignal signal, string? message = null, Exception? inner = null)
        : base(message ?? $"{signal}: the program was interrupted", inner) => Signal = signal;

    /// <summary>The signal that interrupted the program.</summary>
    public PosixSignal Signal { get; }

    /// <summary>Tasks that had not ended when the grace ran out (empty when every task unwound in time).</summary>
    public IReadOnlyList<string> Abandoned { get; init; } = [];
}
