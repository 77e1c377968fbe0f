namespace Curio.Actors;

/// <summary>
/// The outcome of <see cref="Subprocess.Run"/> (Python's <c>CompletedProcess</c>): the arguments, the exit
/// code, and the captured output (empty for a stream that was not piped).
/// </summary>
/// <param name="Args">The arguments the process was started with.</param>
/// <param name="ReturnCode">The exit code (on Unix, 128 + the signal number for a process killed by a signal).</param>
/// <param name="Stdout">Captured standard output.</param>
/// <param name="Stderr">Captured standard error.</param>
public sealed record CompletedProcess(IReadOnlyList<string> Args, int ReturnCode, byte[] Stdout, byte[] Stderr)
{
    /// <summary>Throws <see cref="CalledProcessError"/> if the exit code is not zero (Python's <c>check_returncode</c>).</summary>
    public void CheckReturnCode()
    {
        if (ReturnCode != 0) throw new CalledProcessError(ReturnCode, Args, Stdout, Stderr);
    }
}
