using System.Buffers.Binary;
using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Relay;

/// <summary>RTP and RTCP datagrams for relay tests.</summary>
internal static class TestPackets
{
    public static byte[] Rtp(ushort sequence, uint ssrc = 0x1234_5678, int payloadBytes = 160)
    {
        var header = new RtpHeader(PayloadTypes.Pcma, sequence, sequence * 160u, ssrc);
        var packet = new byte[RtpPacketWriter.GetLength(header, payloadBytes)];
        RtpPacketWriter.Write(packet, header, new byte[payloadBytes]);
        return packet;
    }

    /// <summary>An RTCP receiver report without report blocks (8 bytes, PT 201).</summary>
    public static byte[] ReceiverReport(uint ssrc)
    {
        var packet = new byte[8];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }

    public static ushort SequenceOf(byte[] rtp) => BinaryPrimitives.ReadUInt16BigEndian(rtp.AsSpan(2));

    public static uint SsrcOf(byte[] packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(packet[1] is >= 192 and <= 223 ? 4 : 8));
}
