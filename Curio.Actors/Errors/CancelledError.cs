namespace Curio.Actors;

/// <summary>
/// Base of every cancellation exception (Curio's <c>CancelledError</c>). It derives from
/// <see cref="OperationCanceledException"/>, .NET's twin of a cancellation, so that .NET code that
/// recognises cancellation treats it as one. Note that, unlike Python, <c>catch (Exception)</c> also catches it.
/// </summary>
public class CancelledError : OperationCanceledException
{
    /// <summary>Creates the exception with a message.</summary>
    public CancelledError(string? message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CancelledError(string? message, Exception? inner) : base(message, inner) { }

    /// <summary>Bytes sent before a cancelled send completed, when the cancelled operation was a send.</summary>
    public long? BytesSent { get; set; }

    /// <summary>Bytes read before a cancelled read completed, when the cancelled operation was a read.</summary>
    public long? BytesRead { get; set; }

    /// <summary>
    /// The bytes that <see cref="BytesRead"/> counts, for a cancelled <c>ReadAllAsync</c> or <c>ReadExactlyAsync</c>
    /// (Curio's <c>bytes_read</c> holds the data). A copy: they also stay buffered, and the next read returns them.
    /// </summary>
    public byte[]? PartialData { get; set; }

    /// <summary>Bytes written before a cancelled write completed, when the cancelled operation was a write.</summary>
    public long? BytesWritten { get; set; }

    /// <summary>Lines read before a cancelled <c>readlines</c> completed.</summary>
    public IReadOnlyList<byte[]>? LinesRead { get; set; }

    /// <summary>Standard output collected before a cancelled subprocess operation completed.</summary>
    public byte[]? Stdout { get; set; }

    /// <summary>Standard error collected before a cancelled subprocess operation completed.</summary>
    public byte[]? Stderr { get; set; }
}
