using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>A parsed view over one RTP packet (RFC 3550 §5.1); reads fields straight from the buffer, never copies.</summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _headerLength;
    private readonly int _paddingLength;

    private RtpPacket(ReadOnlySpan<byte> packet, int headerLength, int paddingLength)
    {
        _packet = packet;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
    }

    public int Version => _packet[0] >> 6;

    public bool Padding => (_packet[0] & 0x20) != 0;

    public bool Extension => (_packet[0] & 0x10) != 0;

    public int CsrcCount => _packet[0] & 0x0F;

    public bool Marker => (_packet[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Padding octets at the end, including the count octet itself; 0 without the P bit.</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>Fixed header, CSRC list and header extension.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>The profile-defined 16 bits of the header extension; 0 when there is none.</summary>
    public ushort ExtensionProfile =>
        Extension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[ExtensionOffset..]) : (ushort)0;

    /// <summary>The header extension's data, without its 4-byte profile/length word.</summary>
    public ReadOnlySpan<byte> ExtensionData =>
        Extension ? _packet[(ExtensionOffset + 4).._headerLength] : [];

    public ReadOnlySpan<byte> Payload => _packet[_headerLength..(_packet.Length - _paddingLength)];

    /// <summary>The whole packet as received.</summary>
    public ReadOnlySpan<byte> Span => _packet;

    private int ExtensionOffset => FixedHeaderLength + (4 * CsrcCount);

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>Validates the header layout and, on success, gives a view over <paramref name="packet"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket rtp, out string? error)
    {
        rtp = default;
        if (packet.Length < FixedHeaderLength)
        {
            error = PacketErrors.Truncated;
            return false;
        }

        if (packet[0] >> 6 != 2)
        {
            error = PacketErrors.BadVersion;
            return false;
        }

        var headerLength = FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if (packet.Length < headerLength)
        {
            error = PacketErrors.CsrcListTruncated;
            return false;
        }

        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < headerLength + 4)
            {
                error = PacketErrors.ExtensionTruncated;
                return false;
            }

            headerLength += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]));
            if (packet.Length < headerLength)
            {
                error = PacketErrors.ExtensionTruncated;
                return false;
            }
        }

        var paddingLength = 0;
        if ((packet[0] & 0x20) != 0)
        {
            // The count includes itself, so 0 can only come from a corrupt packet.
            paddingLength = packet[^1];
            if (paddingLength == 0)
            {
                error = PacketErrors.ZeroPaddingLength;
                return false;
            }

            if (paddingLength > packet.Length - headerLength)
            {
                error = PacketErrors.PaddingTooLong;
                return false;
            }
        }

        rtp = new RtpPacket(packet, headerLength, paddingLength);
        error = null;
        return true;
    }
}
