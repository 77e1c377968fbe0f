namespace Curio.Actors.Net;

/// <summary>Another task is already reading from this socket or stream (Curio's <c>ReadResourceBusy</c>).</summary>
public class ReadResourceBusy : ResourceBusy
{
    /// <summary>Creates the error with a message.</summary>
    public ReadResourceBusy(string? message) : base(message) { }
}
