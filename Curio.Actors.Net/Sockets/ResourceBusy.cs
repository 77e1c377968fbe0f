namespace Curio.Actors.Net;

/// <summary>
/// Raised when a second task tries to wait on a socket in a direction where another task is already waiting
/// (Curio's <c>ResourceBusy</c>): one reader and one writer at a time.
/// </summary>
public class ResourceBusy : CurioError
{
    /// <summary>Creates the error with a message.</summary>
    public ResourceBusy(string? message) : base(message) { }
}
