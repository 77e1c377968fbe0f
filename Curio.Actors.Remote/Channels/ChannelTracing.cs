using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Curio.Actors.Diagnostics;
using Curio.Actors.Remote.Serialization;

namespace Curio.Actors.Remote.Channels;

/// <summary>
/// W3C trace context across a Channel. A message sent while an activity is current carries a header before its bytes,
/// flagged by the top bit of its length (lengths never use it): 2 bytes of header length, then the traceparent, and the
/// tracestate after a newline when there is one. While the Curio.Actors source is listened to, the sender wraps the
/// hand-over in a Producer activity ("channel send") whose context is the one carried, and the receiver makes a Consumer
/// activity ("channel receive") parented on it and linked to the receiving task's own activity. Nothing is added to a
/// message sent with no current activity.
/// </summary>
internal static class ChannelTracing
{
    internal const int Flag = int.MinValue;
    private static readonly UTF8Encoding s_utf8 = new(false, throwOnInvalidBytes: false);

    /// <summary>Writes the header for the current trace context into <paramref name="w"/>; false (nothing written) without one.</summary>
    internal static bool WriteHeader(ByteBuffer w, ChannelConnection c, out Activity? send)
    {
        send = null;
        var outer = Activity.Current;
        if (Telemetry.Source.HasListeners())
        {
            send = Telemetry.Source.StartActivity("channel send", ActivityKind.Producer);
            if (send is not null)
            {
                send.SetTag("messaging.system", "curio.channel");
                send.SetTag("messaging.operation.type", "send");
                send.SetTag("curio.channel.peer", c.PeerAddress);
                Activity.Current = outer; // the sending code keeps its current activity
            }
        }
        var carried = send ?? outer;
        if (carried is not { IdFormat: ActivityIdFormat.W3C, Id: { } id }) return false;
        var state = carried.TraceStateString;
        var n = s_utf8.GetByteCount(id) + (state is null ? 0 : 1 + s_utf8.GetByteCount(state));
        if (n > ushort.MaxValue) return false;
        BinaryPrimitives.WriteUInt16BigEndian(w.Reserve(2), (ushort)n);
        w.Length += 2;
        w.Length += s_utf8.GetBytes(id, w.Reserve(n));
        if (state is not null)
        {
            w.WriteByte((byte)'\n');
            w.Length += s_utf8.GetBytes(state, w.Reserve(n));
        }
        return true;
    }

    /// <summary>Ends the send activity, if one was made.</summary>
    internal static void Sent(Activity? send)
    {
        if (send is not null) Telemetry.StopKeepingCurrent(send);
    }

    /// <summary>The message without its header; with one, the receive activity while the source is listened to.</summary>
    internal static ReadOnlyMemory<byte> Received(ReadOnlyMemory<byte> message, bool traced, ChannelConnection c)
    {
        if (!traced) return message;
        var span = message.Span;
        if (span.Length < 2) throw new ChannelSerializationError("Corrupt Channel message: a trace header that does not fit.");
        var n = BinaryPrimitives.ReadUInt16BigEndian(span);
        if (span.Length < 2 + n) throw new ChannelSerializationError("Corrupt Channel message: a trace header that does not fit.");
        if (Telemetry.Source.HasListeners())
        {
            var header = s_utf8.GetString(span.Slice(2, n));
            var nl = header.IndexOf('\n');
            var (parent, state) = nl < 0 ? (header, null) : (header[..nl], header[(nl + 1)..]);
            if (ActivityContext.TryParse(parent, state, isRemote: true, out var remote)) Receive(remote, c);
        }
        return message[(2 + n)..];
    }

    private static void Receive(ActivityContext remote, ChannelConnection c)
    {
        var outer = Activity.Current;
        ActivityLink[]? links = outer is null ? null : [new ActivityLink(outer.Context)];
        var a = Telemetry.Source.StartActivity("channel receive", ActivityKind.Consumer, remote, links: links);
        if (a is null) return;
        a.SetTag("messaging.system", "curio.channel");
        a.SetTag("messaging.operation.type", "receive");
        a.SetTag("curio.channel.peer", c.PeerAddress);
        a.Stop();
        Activity.Current = outer; // Stop made the (remote, absent) parent current
    }
}
