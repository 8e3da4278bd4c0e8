using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>An RTCP sender report (RFC 3550 §6.4.1): sender info and reception report blocks.</summary>
public readonly ref struct RtcpSenderReport
{
    private const int SenderInfoEnd = 24;

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _reportCount;

    private RtcpSenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        _reportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The 64-bit NTP wallclock time the report was sent.</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body[4..]);

    /// <summary>The middle 32 bits of <see cref="NtpTimestamp"/>, the value receivers echo as LSR.</summary>
    public uint NtpMiddle32 => RtcpTiming.ToMiddle32(NtpTimestamp);

    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body[12..]);

    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body[16..]);

    /// <summary>Payload octets sent, headers and padding excluded.</summary>
    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body[20..]);

    public RtcpReportBlocks ReportBlocks =>
        new(_body.Slice(SenderInfoEnd, _reportCount * RtcpReportBlock.Length));

    public ReadOnlySpan<byte> ProfileExtension => _body[(SenderInfoEnd + (_reportCount * RtcpReportBlock.Length))..];

    public static bool TryParse(RtcpPacket packet, out RtcpSenderReport report, out string? error)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.SenderReport)
        {
            error = PacketErrors.RtcpWrongType;
            return false;
        }

        if (packet.Body.Length < SenderInfoEnd + (packet.Count * RtcpReportBlock.Length))
        {
            error = PacketErrors.RtcpBodyTooShort;
            return false;
        }

        report = new RtcpSenderReport(packet.Body, packet.Count);
        error = null;
        return true;
    }
}
