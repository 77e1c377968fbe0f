namespace Curio.Actors;

/// <summary>
/// A checked command exited with a non-zero code (Python's <c>CalledProcessError</c>), raised by
/// <see cref="Subprocess.CheckOutput"/> and by <see cref="Subprocess.Run"/> with <c>check: true</c>.
/// </summary>
public sealed class CalledProcessError : SubprocessError
{
    /// <summary>Creates the error.</summary>
    public CalledProcessError(int returnCode, IReadOnlyList<string> args, byte[]? output = null, byte[]? stderr = null)
        : base($"Command '{string.Join(' ', args)}' returned non-zero exit status {returnCode}.")
    {
        ReturnCode = returnCode;
        Args = args;
        Output = output ?? [];
        Stderr = stderr ?? [];
    }

    /// <summary>The exit code.</summary>
    public int ReturnCode { get; }

    /// <summary>The command's arguments.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>Standard output captured before the exit (empty if it was not piped).</summary>
    public byte[] Output { get; }

    /// <summary>Alias of <see cref="Output"/> (Python's <c>stdout</c>).</summary>
    public byte[] Stdout => Output;

    /// <summary>Standard error captured before the exit (empty if it was not piped).</summary>
    public byte[] Stderr { get; }
}
