namespace Curio.Actors.Net;

/// <summary>Another task is already writing to this socket or stream (Curio's <c>WriteResourceBusy</c>).</summary>
public class WriteResourceBusy : ResourceBusy
{
    /// <summary>Creates the error with a message.</summary>
    public WriteResourceBusy(string? message) : base(message) { }
}
