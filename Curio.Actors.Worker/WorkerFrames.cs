using System.Buffers.Binary;

namespace Curio.Actors.Worker;

/// <summary>
/// Length-prefixed frames on a pipe: a 4-byte little-endian length, then that many bytes. The same code runs in
/// the worker (synchronous) and in the library (asynchronous), so both ends always agree on the format.
/// </summary>
internal static class WorkerFrames
{
    /// <summary>The largest frame accepted; a bigger length means the stream is corrupt.</summary>
    internal const int MaxFrame = 1 << 30;

    /// <summary>Reads one frame, or null at a clean end of stream (the other side closed between frames).</summary>
    internal static byte[]? Read(Stream stream)
    {
        Span<byte> header = stackalloc byte[4];
        if (!Fill(stream, header, allowEof: true)) return null;
        var payload = new byte[CheckedLength(header)];
        Fill(stream, payload, allowEof: false);
        return payload;
    }

    internal static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[4 + payload.Length]; // one write: the reader wakes once per frame
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(4));
        stream.Write(frame);
        stream.Flush();
    }

    /// <summary>Reads one frame asynchronously, or null at a clean end of stream.</summary>
    internal static async Task<byte[]?> ReadAsync(Stream stream, CancellationToken cancel = default)
    {
        var header = new byte[4];
        if (!await FillAsync(stream, header, allowEof: true, cancel).ConfigureAwait(false)) return null;
        var payload = new byte[CheckedLength(header)];
        await FillAsync(stream, payload, allowEof: false, cancel).ConfigureAwait(false);
        return payload;
    }

    internal static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> payload, CancellationToken cancel = default)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame.AsMemory(4));
        await stream.WriteAsync(frame, cancel).ConfigureAwait(false);
        await stream.FlushAsync(cancel).ConfigureAwait(false);
    }

    private static int CheckedLength(ReadOnlySpan<byte> header)
    {
        var n = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (n < 0 || n > MaxFrame) throw new InvalidDataException($"Corrupt worker frame: length {n}.");
        return n;
    }

    private static bool Fill(Stream stream, Span<byte> buffer, bool allowEof)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = stream.Read(buffer[got..]);
            if (n == 0)
            {
                if (got == 0 && allowEof) return false;
                throw new EndOfStreamException("The worker pipe closed in the middle of a frame.");
            }
            got += n;
        }
        return true;
    }

    private static async Task<bool> FillAsync(Stream stream, Memory<byte> buffer, bool allowEof, CancellationToken cancel)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[got..], cancel).ConfigureAwait(false);
            if (n == 0)
            {
                if (got == 0 && allowEof) return false;
                throw new EndOfStreamException("The worker pipe closed in the middle of a frame.");
            }
            got += n;
        }
        return true;
    }
}
