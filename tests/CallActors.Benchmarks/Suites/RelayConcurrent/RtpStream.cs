using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using CallActors.Media.Packets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One direction of one call's audio: the socket it leaves from (which also receives the other direction),
/// where it goes, its phase within the 20 ms period, and its counters. <see cref="Sent"/> is written by one sender
/// thread, <see cref="Received"/>, <see cref="LastArrival"/> and <see cref="LastTransit"/> by the receiver thread,
/// read after both stopped.</summary>
internal sealed class RtpStream(Socket socket, SocketAddress sendsTo, long phase, uint ssrc, ushort firstSequenceNumber, uint firstTimestamp)
{
    public const int PacketLength = RtpPacket.FixedHeaderLength + PayloadLength;

    private const int PayloadLength = 160; // 20 ms of G.711 at 8 kHz
    private static readonly byte[] Silence = Enumerable.Repeat((byte)0xFF, PayloadLength).ToArray(); // PCMU silence

    public Socket Socket { get; } = socket;

    public SocketAddress SendsTo { get; } = sendsTo;

    /// <summary>When in each period this stream sends, in Stopwatch ticks after the period starts.</summary>
    public long Phase { get; } = phase;

    public long Sent { get; set; }

    public long Received { get; set; }

    /// <summary>Kernel receive time (ns) of the last packet that arrived on <see cref="Socket"/>; 0 before the first or when it had none.</summary>
    public long LastArrival { get; set; }

    /// <summary>The last packet's transit time (kernel receive time − send time, plus a constant clock offset).</summary>
    public long LastTransit { get; set; }

    /// <summary>The send time a packet carries (see <see cref="WritePacket"/>), in Stopwatch ticks.</summary>
    public static long ReadSendTime(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadInt64LittleEndian(packet[RtpPacket.FixedHeaderLength..]);

    /// <summary>Writes the packet of period <paramref name="period"/> (sequence number and timestamp advance with
    /// it), its payload starting with <paramref name="sendTime"/> so the receiver can tell the path's delay from the
    /// sender's lateness.</summary>
    public int WritePacket(Span<byte> destination, long period, long sendTime)
    {
        var header = new RtpHeader(PayloadTypes.Pcmu, (ushort)(firstSequenceNumber + period), (uint)(firstTimestamp + (period * PayloadLength)), ssrc);
        var length = RtpPacketWriter.Write(destination, header, Silence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[RtpPacket.FixedHeaderLength..], sendTime);
        return length;
    }
}
