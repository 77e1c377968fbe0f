namespace Curio.Actors;

/// <summary>
/// One suspended async frame of a task (an entry of <see cref="CurioTask.Traceback"/>, or <see cref="CurioTask.Where"/>):
/// the method and, when the assembly's portable PDB can be found, the source file and line of the await it is parked in.
/// </summary>
/// <param name="Method">The method, as <c>Type.Method</c>.</param>
/// <param name="File">The source file, or null without debug symbols.</param>
/// <param name="Line">The line of the await, or 0 without debug symbols.</param>
public sealed record TaskFrame(string Method, string? File, int Line)
{
    /// <summary>Curio's <c>file:line</c> form, with the method: <c>Method at File:Line</c>.</summary>
    public override string ToString() => File is null ? Method : $"{Method} at {File}:{Line}";
}
