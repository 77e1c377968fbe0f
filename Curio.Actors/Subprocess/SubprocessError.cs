namespace Curio.Actors;

/// <summary>Base of the subprocess errors (Python's <c>subprocess.SubprocessError</c>).</summary>
public class SubprocessError : CurioError
{
    /// <summary>Creates the error with a message.</summary>
    public SubprocessError(string? message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public SubprocessError(string? message, Exception? inner) : base(message, inner) { }
}
