using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>One packet of an RTCP compound datagram (RFC 3550 §6.4): the common header and the body after it.</summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _paddingLength;

    internal RtcpPacket(ReadOnlySpan<byte> packet, int paddingLength)
    {
        _packet = packet;
        _paddingLength = paddingLength;
    }

    public bool Padding => (_packet[0] & 0x20) != 0;

    /// <summary>The 5-bit count field: report count (SR/RR/XR none), source count (SDES/BYE) or subtype (APP).</summary>
    public int Count => _packet[0] & 0x1F;

    public RtcpPacketType PacketType => (RtcpPacketType)_packet[1];

    /// <summary>The length field: the packet's length in 32-bit words minus one.</summary>
    public ushort LengthField => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>Everything after the 4-byte common header, padding removed.</summary>
    public ReadOnlySpan<byte> Body => _packet[HeaderLength..(_packet.Length - _paddingLength)];

    /// <summary>The whole packet, header and padding included.</summary>
    public ReadOnlySpan<byte> Span => _packet;

    /// <summary>Reads one packet from the start of <paramref name="datagram"/>; <paramref name="consumed"/> is its length.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> datagram, out RtcpPacket packet, out int consumed, out string? error)
    {
        packet = default;
        consumed = 0;
        if (datagram.Length < HeaderLength)
        {
            error = PacketErrors.Truncated;
            return false;
        }

        if (datagram[0] >> 6 != 2)
        {
            error = PacketErrors.BadVersion;
            return false;
        }

        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) + 1);
        if (length > datagram.Length)
        {
            error = PacketErrors.RtcpLengthMismatch;
            return false;
        }

        var bytes = datagram[..length];
        var paddingLength = 0;
        if ((bytes[0] & 0x20) != 0)
        {
            paddingLength = bytes[^1];
            if (paddingLength == 0)
            {
                error = PacketErrors.ZeroPaddingLength;
                return false;
            }

            if (paddingLength > length - HeaderLength)
            {
                error = PacketErrors.PaddingTooLong;
                return false;
            }
        }

        packet = new RtcpPacket(bytes, paddingLength);
        consumed = length;
        error = null;
        return true;
    }
}
