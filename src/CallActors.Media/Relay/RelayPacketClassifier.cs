using System.Buffers.Binary;
using CallActors.Media.Packets;

namespace CallActors.Media.Relay;

/// <summary>Tells RTP from RTCP (RFC 5761 §4) and checks just enough of the header to relay it, without allocating.</summary>
/// <remarks>Only a second byte of 192–223 means RTCP. <see cref="MultiplexedPacket"/> also reads RTP payload types
/// 64–95 without the marker bit as RTCP, which RFC 5761 lets a multiplexing endpoint do; the relay forwards them as RTP
/// so sessions that do not multiplex and use those types keep working. RTCP is not walked as a compound packet:
/// SRTCP's trailing index and tag would not add up, and the relay does not decrypt.</remarks>
internal static class RelayPacketClassifier
{
    private const int MinRtcpBytes = 8;

    public static RelayPacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length >= 2 && datagram[1] is >= 192 and <= 223)
        {
            return IsRtcp(datagram) ? RelayPacketKind.Rtcp : RelayPacketKind.Malformed;
        }

        return RtpPacket.TryParse(datagram, out _, out _) ? RelayPacketKind.Rtp : RelayPacketKind.Malformed;
    }

    // Version 2, and the first packet's length field must fit in the datagram.
    private static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= MinRtcpBytes
        && datagram[0] >> 6 == 2
        && 4 * (BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) + 1) <= datagram.Length;
}
