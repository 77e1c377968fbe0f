namespace Curio.Actors;

/// <summary>Curio's <c>EOFError</c> from <c>read_exactly</c>, as .NET's twin.</summary>
internal static class StreamEnd
{
    /// <summary>
    /// The stream ended short of the count: <see cref="EndOfStreamException"/> itself (code that asserts that exact type
    /// keeps working), with a copy of the partial bytes in <c>Data["BytesRead"]</c>, Curio's <c>bytes_read</c>.
    /// </summary>
    internal static EndOfStreamException Premature(string message, ReadOnlySpan<byte> partial)
    {
        var e = new EndOfStreamException(message);
        e.Data["BytesRead"] = partial.ToArray();
        return e;
    }
}
