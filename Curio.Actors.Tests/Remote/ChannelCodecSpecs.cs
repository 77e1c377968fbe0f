using Curio.Actors.Remote;
using Curio.Actors.Remote.Serialization;

namespace Curio.Actors.Tests.Remote;

public class ChannelCodecSpecs
{
    private static object? RoundTrip(object? v)
    {
        var b = new ByteBuffer();
        ChannelCodec.Encode(v, b);
        return ChannelCodec.Decode(b.Span.ToArray());
    }

    public sealed record Point(int X, int Y);

    [Fact]
    public void Builtin_values_round_trip()
    {
        Assert.Null(RoundTrip(null));
        Assert.Equal(true, RoundTrip(true));
        Assert.Equal(42, RoundTrip(42));
        Assert.Equal(long.MinValue, RoundTrip(long.MinValue));
        Assert.Equal(2.5, RoundTrip(2.5));
        Assert.Equal("héllo", RoundTrip("héllo"));
        Assert.Equal(new byte[] { 1, 2, 3 }, RoundTrip(new byte[] { 1, 2, 3 }));
        Assert.Equal(new[] { 1, 2 }, RoundTrip(new[] { 1, 2 }));
        Assert.Equal(new[] { "a", null }, RoundTrip(new[] { "a", null }));
        Assert.Equal(new object?[] { 1, "x", null, new object?[] { 2L } }, RoundTrip(new object?[] { 1, "x", null, new object?[] { 2L } }));
    }

    [Fact]
    public void Unregistered_types_are_refused_on_send_with_a_clear_error()
    {
        var e = Assert.Throws<ChannelSerializationError>(() => RoundTrip(new Point(1, 2)));
        Assert.Contains("ChannelTypes.Register", e.Message);
        Assert.Throws<ChannelSerializationError>(() => RoundTrip(new List<int>()));
    }

    [Fact]
    public void Registered_types_round_trip_and_unknown_names_are_refused_on_receive()
    {
        ChannelTypes.RegisterJson<Point>("codec-point");
        try
        {
            Assert.Equal(new Point(3, 4), RoundTrip(new Point(3, 4)));
            var b = new ByteBuffer();
            ChannelCodec.Encode(new Point(3, 4), b);
            var bytes = b.Span.ToArray();
            ChannelTypes.Unregister("codec-point");
            var e = Assert.Throws<ChannelSerializationError>(() => ChannelCodec.Decode(bytes));
            Assert.Contains("'codec-point'", e.Message);
        }
        finally
        {
            ChannelTypes.Unregister("codec-point");
        }
    }

    [Fact]
    public void Malformed_input_is_refused_without_huge_allocations()
    {
        Assert.Throws<ChannelSerializationError>(() => ChannelCodec.Decode(new byte[] { 99 }));
        Assert.Throws<ChannelSerializationError>(() => ChannelCodec.Decode(new byte[] { 7, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }));
        Assert.Throws<ChannelSerializationError>(() => ChannelCodec.Decode(new byte[] { 3, 1 }));
        Assert.Throws<ChannelSerializationError>(() => ChannelCodec.Decode(new byte[] { 0, 0 }));
        var deep = Enumerable.Repeat((byte)8, 200).SelectMany(x => new byte[] { x, 1 }).ToArray();
        Assert.Throws<ChannelSerializationError>(() => ChannelCodec.Decode(deep));
    }
}
