namespace Curio.Actors;

/// <summary>Base of Curio's errors that are not cancellations (Curio's <c>CurioError</c>).</summary>
public class CurioError : Exception
{
    /// <summary>Creates the error with a message.</summary>
    public CurioError(string? message) : base(message) { }

    /// <summary>Creates the error with a message and the exception that caused it.</summary>
    public CurioError(string? message, Exception? inner) : base(message, inner) { }
}
