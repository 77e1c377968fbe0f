using System.Buffers.Binary;
using System.Text;

namespace Curio.Actors.Remote.Serialization;

/// <summary>
/// The compact binary encoding of Channel objects: a tag byte, then the value. Decoding builds only the built-in
/// types or calls the decoder of a type registered under the received name; anything else is refused.
/// </summary>
internal static class ChannelCodec
{
    private const byte Null = 0, False = 1, True = 2, Int = 3, Long = 4, Double = 5, Str = 6, Bytes = 7, Objects = 8,
        Ints = 9, Longs = 10, Doubles = 11, Strings = 12, Registered = 13;
    private const int MaxDepth = 64;
    private static readonly UTF8Encoding s_utf8 = new(false, throwOnInvalidBytes: true);

    internal static void Encode(object? value, ByteBuffer w) => Encode(value, w, 0);

    private static void Encode(object? value, ByteBuffer w, int depth)
    {
        if (depth > MaxDepth) throw new ChannelSerializationError($"Channel message nested deeper than {MaxDepth} arrays.");
        switch (value)
        {
            case null: w.WriteByte(Null); break;
            case bool b: w.WriteByte(b ? True : False); break;
            case int i:
                w.WriteByte(Int);
                BinaryPrimitives.WriteInt32LittleEndian(w.Reserve(4), i); w.Length += 4;
                break;
            case long l:
                w.WriteByte(Long);
                BinaryPrimitives.WriteInt64LittleEndian(w.Reserve(8), l); w.Length += 8;
                break;
            case double d:
                w.WriteByte(Double);
                BinaryPrimitives.WriteDoubleLittleEndian(w.Reserve(8), d); w.Length += 8;
                break;
            case string s: w.WriteByte(Str); WriteString(s, w); break;
            case byte[] bs: w.WriteByte(Bytes); w.WriteVarUInt((ulong)bs.Length); w.Write(bs); break;
            case int[] ia:
                w.WriteByte(Ints); w.WriteVarUInt((ulong)ia.Length);
                foreach (var x in ia) { BinaryPrimitives.WriteInt32LittleEndian(w.Reserve(4), x); w.Length += 4; }
                break;
            case long[] la:
                w.WriteByte(Longs); w.WriteVarUInt((ulong)la.Length);
                foreach (var x in la) { BinaryPrimitives.WriteInt64LittleEndian(w.Reserve(8), x); w.Length += 8; }
                break;
            case double[] da:
                w.WriteByte(Doubles); w.WriteVarUInt((ulong)da.Length);
                foreach (var x in da) { BinaryPrimitives.WriteDoubleLittleEndian(w.Reserve(8), x); w.Length += 8; }
                break;
            case string?[] sa:
                w.WriteByte(Strings); w.WriteVarUInt((ulong)sa.Length);
                foreach (var x in sa)
                {
                    if (x is null) { w.WriteByte(0); continue; }
                    w.WriteByte(1); WriteString(x, w);
                }
                break;
            case object?[] oa when oa.GetType() == typeof(object[]):
                w.WriteByte(Objects); w.WriteVarUInt((ulong)oa.Length);
                foreach (var x in oa) Encode(x, w, depth + 1);
                break;
            default:
                var entry = ChannelTypes.ByType(value.GetType()) ?? throw new ChannelSerializationError(
                    $"Type {value.GetType()} is not allowed on a Channel. Send null, bool, int, long, double, string, byte[], " +
                    "int[], long[], double[], string[] or object[] of those, or register the type on both sides with ChannelTypes.Register.");
                byte[] payload;
                try { payload = entry.Encode(value); }
                catch (Exception e) { throw new ChannelSerializationError($"The encoder registered as '{entry.Name}' failed: {e.Message}", e); }
                w.WriteByte(Registered);
                var name = Encoding.UTF8.GetBytes(entry.Name);
                w.WriteByte((byte)name.Length);
                w.Write(name);
                w.WriteVarUInt((ulong)payload.Length);
                w.Write(payload);
                break;
        }
    }

    private static void WriteString(string s, ByteBuffer w)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        w.WriteVarUInt((ulong)n);
        Encoding.UTF8.GetBytes(s, w.Reserve(n));
        w.Length += n;
    }

    /// <summary>Decodes one whole message; trailing bytes or any malformed input is a <see cref="ChannelSerializationError"/>.</summary>
    internal static object? Decode(ReadOnlyMemory<byte> message)
    {
        var r = new Reader(message);
        try
        {
            var v = r.Value(0);
            if (r.Pos != message.Length) throw new ChannelSerializationError($"Invalid Channel message: {message.Length - r.Pos} bytes after the value.");
            return v;
        }
        catch (ChannelSerializationError) { throw; }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException or OverflowException or IndexOutOfRangeException)
        {
            throw new ChannelSerializationError("Invalid Channel message: " + e.Message, e);
        }
    }

    private struct Reader(ReadOnlyMemory<byte> m)
    {
        internal int Pos;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || n > m.Length - Pos) throw Truncated();
            var s = m.Span.Slice(Pos, n);
            Pos += n;
            return s;
        }

        private int Count(int itemSize)
        {
            ulong v = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 35) throw new ChannelSerializationError("Invalid Channel message: bad length.");
                var b = Take(1)[0];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            // a count can never exceed what is left: this refuses huge allocations from a short frame
            if (v > (ulong)(m.Length - Pos) / (ulong)Math.Max(1, itemSize)) throw Truncated();
            return (int)v;
        }

        private string ReadStr(int n) => s_utf8.GetString(Take(n));

        internal object? Value(int depth)
        {
            if (depth > MaxDepth) throw new ChannelSerializationError($"Invalid Channel message: nested deeper than {MaxDepth} arrays.");
            var tag = Take(1)[0];
            switch (tag)
            {
                case Null: return null;
                case False: return false;
                case True: return true;
                case Int: return BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                case Long: return BinaryPrimitives.ReadInt64LittleEndian(Take(8));
                case Double: return BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
                case Str: return ReadStr(Count(1));
                case Bytes: return Take(Count(1)).ToArray();
                case Ints:
                {
                    var a = new int[Count(4)];
                    for (var i = 0; i < a.Length; i++) a[i] = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
                    return a;
                }
                case Longs:
                {
                    var a = new long[Count(8)];
                    for (var i = 0; i < a.Length; i++) a[i] = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
                    return a;
                }
                case Doubles:
                {
                    var a = new double[Count(8)];
                    for (var i = 0; i < a.Length; i++) a[i] = BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
                    return a;
                }
                case Strings:
                {
                    var a = new string?[Count(1)];
                    for (var i = 0; i < a.Length; i++) a[i] = Take(1)[0] == 0 ? null : ReadStr(Count(1));
                    return a;
                }
                case Objects:
                {
                    var a = new object?[Count(1)];
                    for (var i = 0; i < a.Length; i++) a[i] = Value(depth + 1);
                    return a;
                }
                case Registered:
                {
                    var name = ReadStr(Take(1)[0]);
                    var entry = ChannelTypes.ByName(name) ?? throw new ChannelSerializationError(
                        $"Refused a Channel message of type '{name}': no type is registered under that name in this process (ChannelTypes.Register).");
                    var n = Count(1);
                    var payload = m.Slice(Pos, n);
                    Pos += n;
                    try { return entry.Decode(payload); }
                    catch (Exception e) { throw new ChannelSerializationError($"The decoder registered as '{name}' failed: {e.Message}", e); }
                }
                default:
                    throw new ChannelSerializationError($"Invalid Channel message: unknown tag {tag}.");
            }
        }

        private static ChannelSerializationError Truncated() => new("Invalid Channel message: truncated.");
    }
}
