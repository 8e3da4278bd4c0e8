using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>An RTCP APP packet (RFC 3550 §6.7): subtype, 4-character name and application data.</summary>
public readonly ref struct RtcpApplicationDefined
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpApplicationDefined(ReadOnlySpan<byte> body, int subtype)
    {
        _body = body;
        Subtype = subtype;
    }

    public int Subtype { get; }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>The four ASCII characters of the name.</summary>
    public ReadOnlySpan<byte> Name => _body.Slice(4, 4);

    public ReadOnlySpan<byte> Data => _body[8..];

    public static bool TryParse(RtcpPacket packet, out RtcpApplicationDefined application, out string? error)
    {
        application = default;
        if (packet.PacketType != RtcpPacketType.ApplicationDefined)
        {
            error = PacketErrors.RtcpWrongType;
            return false;
        }

        if (packet.Body.Length < 8)
        {
            error = PacketErrors.RtcpBodyTooShort;
            return false;
        }

        application = new RtcpApplicationDefined(packet.Body, packet.Count);
        error = null;
        return true;
    }
}
