using System.Net;
using System.Net.Sockets;
using CallActors.Media.Packets;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One direction of one call's audio: the socket it leaves from (which also receives the other direction),
/// where it goes, its phase within the 20 ms period, and its counters. <see cref="Sent"/> is written by one sender
/// thread, <see cref="Received"/> and <see cref="LastArrival"/> by one receiver thread, read after both stopped.</summary>
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

    /// <summary>Stopwatch timestamp of the last packet that arrived on <see cref="Socket"/>; 0 before the first.</summary>
    public long LastArrival { get; set; }

    /// <summary>Writes the packet of period <paramref name="period"/> (sequence number and timestamp advance with it).</summary>
    public int WritePacket(Span<byte> destination, long period) => RtpPacketWriter.Write(
        destination,
        new RtpHeader(PayloadTypes.Pcmu, (ushort)(firstSequenceNumber + period), (uint)(firstTimestamp + (period * PayloadLength)), ssrc),
        Silence);
}
