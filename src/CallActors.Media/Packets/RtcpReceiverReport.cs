using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>An RTCP receiver report (RFC 3550 §6.4.2): the reporter's SSRC and its reception report blocks.</summary>
public readonly ref struct RtcpReceiverReport
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _reportCount;

    private RtcpReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        _reportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public RtcpReportBlocks ReportBlocks => new(_body.Slice(4, _reportCount * RtcpReportBlock.Length));

    public ReadOnlySpan<byte> ProfileExtension => _body[(4 + (_reportCount * RtcpReportBlock.Length))..];

    public static bool TryParse(RtcpPacket packet, out RtcpReceiverReport report, out string? error)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ReceiverReport)
        {
            error = PacketErrors.RtcpWrongType;
            return false;
        }

        if (packet.Body.Length < 4 + (packet.Count * RtcpReportBlock.Length))
        {
            error = PacketErrors.RtcpBodyTooShort;
            return false;
        }

        report = new RtcpReceiverReport(packet.Body, packet.Count);
        error = null;
        return true;
    }
}
