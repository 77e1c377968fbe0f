using System.Buffers.Binary;

namespace Curio.Actors.Remote.Serialization;

/// <summary>A growable byte buffer (no pooling: filled buffers are handed over whole).</summary>
internal sealed class ByteBuffer(int capacity = 256)
{
    internal byte[] Array = new byte[Math.Max(16, capacity)];
    internal int Length;

    internal Span<byte> Reserve(int n)
    {
        if (Array.Length - Length < n)
        {
            var size = Math.Max(Array.Length * 2, Length + n);
            if ((uint)size > (uint)System.Array.MaxLength) size = Math.Max(Length + n, System.Array.MaxLength);
            System.Array.Resize(ref Array, size);
        }
        return Array.AsSpan(Length, n);
    }

    internal void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    internal void WriteByte(byte b)
    {
        Reserve(1)[0] = b;
        Length++;
    }

    internal void WriteInt32BigEndian(int v)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), v);
        Length += 4;
    }

    internal void WriteVarUInt(ulong v)
    {
        var s = Reserve(10);
        var i = 0;
        while (v >= 0x80)
        {
            s[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        s[i++] = (byte)v;
        Length += i;
    }

    internal ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    internal void Clear() => Length = 0;
}
