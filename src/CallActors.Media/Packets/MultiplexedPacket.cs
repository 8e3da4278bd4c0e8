namespace CallActors.Media.Packets;

/// <summary>What a datagram on an RTP/RTCP-multiplexed port is.</summary>
public enum MultiplexedPacketKind
{
    /// <summary>Not RTP version 2 (STUN, DTLS, garbage).</summary>
    Other,
    Rtp,
    Rtcp,
}

/// <summary>Tells RTP from RTCP on a shared port (RFC 5761 §4).</summary>
public static class MultiplexedPacket
{
    /// <summary>RTCP packet types 192–223 read as marker + payload type 64–95, a range RTP must not use when multiplexing.</summary>
    public static MultiplexedPacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2 || datagram[0] >> 6 != 2)
        {
            return MultiplexedPacketKind.Other;
        }

        var payloadType = datagram[1] & 0x7F;
        return payloadType is >= 64 and <= 95 ? MultiplexedPacketKind.Rtcp : MultiplexedPacketKind.Rtp;
    }
}
