namespace Curio.Actors;

/// <summary>
/// An operation that needs an async thread, or an async caller, was used from the wrong place (Curio's
/// <c>AsyncOnlyError</c>): <c>AWAIT</c> of an awaitable outside an async thread, or an async file used from plain
/// synchronous code outside a task.
/// </summary>
public class AsyncOnlyError : CurioError
{
    /// <summary>Creates the error with a message.</summary>
    public AsyncOnlyError(string? message) : base(message) { }
}
