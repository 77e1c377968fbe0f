namespace Curio.Actors;

/// <summary>
/// The inner exception of a <see cref="RemoteException"/>: its message is the worker process's text of the
/// exception, stack trace included (Curio's <c>RemoteTraceback</c>).
/// </summary>
public sealed class RemoteTraceback : Exception
{
    /// <summary>Creates it from the worker's text of the exception.</summary>
    public RemoteTraceback(string traceback) : base(traceback) { }

    /// <inheritdoc />
    public override string ToString() => "Worker traceback:" + Environment.NewLine + Message;
}
