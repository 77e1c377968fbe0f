namespace Curio.Actors;

/// <summary>
/// What a child's standard stream is connected to (Python's <c>None</c>, <c>PIPE</c>, <c>DEVNULL</c> and
/// <c>STDOUT</c>).
/// </summary>
public enum Stdio
{
    /// <summary>The parent's own stream (Python's None, the default).</summary>
    Inherit,

    /// <summary>A pipe the parent reads or writes through <see cref="SubprocessStream"/> (Python's PIPE).</summary>
    Pipe,

    /// <summary>The null device (Python's DEVNULL).</summary>
    DevNull,

    /// <summary>For stderr only: the same destination as stdout (Python's STDOUT).</summary>
    Stdout,
}
