using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>An RTCP BYE (RFC 3550 §6.6): the sources leaving and an optional reason.</summary>
public readonly ref struct RtcpGoodbye
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly int _sourceCount;

    private RtcpGoodbye(ReadOnlySpan<byte> body, int sourceCount)
    {
        _body = body;
        _sourceCount = sourceCount;
    }

    public int SourceCount => _sourceCount;

    /// <summary>The UTF-8 reason, empty when none was given.</summary>
    public ReadOnlySpan<byte> Reason =>
        _body.Length > 4 * _sourceCount ? _body.Slice((4 * _sourceCount) + 1, _body[4 * _sourceCount]) : [];

    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _sourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_body[(4 * index)..]);
    }

    public static bool TryParse(RtcpPacket packet, out RtcpGoodbye goodbye, out string? error)
    {
        goodbye = default;
        if (packet.PacketType != RtcpPacketType.Goodbye)
        {
            error = PacketErrors.RtcpWrongType;
            return false;
        }

        var body = packet.Body;
        var ssrcEnd = 4 * packet.Count;
        if (body.Length < ssrcEnd)
        {
            error = PacketErrors.RtcpBodyTooShort;
            return false;
        }

        if (body.Length > ssrcEnd && ssrcEnd + 1 + body[ssrcEnd] > body.Length)
        {
            error = PacketErrors.ByeReasonTruncated;
            return false;
        }

        goodbye = new RtcpGoodbye(body, packet.Count);
        error = null;
        return true;
    }
}
