using System.Buffers.Binary;
using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Monitoring;

/// <summary>Builds the RTP and RTCP datagrams the monitor tests feed, on a Unix-nanosecond clock.</summary>
internal static class Traffic
{
    /// <summary>An arbitrary wall-clock origin (Nov 2023) in ns since the Unix epoch.</summary>
    public const long T0 = 1_700_000_000_000_000_000;

    public const long NanosPerMs = 1_000_000;

    public static readonly RtpMap Pcmu = new(0, "PCMU", 8000);
    public static readonly RtpMap Pcma = new(8, "PCMA", 8000);
    public static readonly RtpMap G722 = new(9, "G722", 8000);
    public static readonly RtpMap TelephoneEvent101 = new(101, "telephone-event", 8000);
    public static readonly RtpMap DynamicComfortNoise = new(105, "CN", 8000);

    /// <summary>An RTP packet with a payload of <paramref name="payloadBytes"/> bytes.</summary>
    public static byte[] Rtp(byte payloadType, ushort seq, uint timestamp, uint ssrc, bool marker = false, int payloadBytes = 160)
    {
        var header = new RtpHeader(payloadType, seq, timestamp, ssrc) { Marker = marker };
        var packet = new byte[RtpPacketWriter.GetLength(header, payloadBytes)];
        RtpPacketWriter.Write(packet, header, new byte[payloadBytes]);
        return packet;
    }

    /// <summary>A sender report with no report blocks, carrying <paramref name="ntpTimestamp"/>.</summary>
    public static byte[] SenderReport(uint ssrc, ulong ntpTimestamp)
    {
        var packet = new byte[28];
        WriteHeader(packet, count: 0, RtcpPacketType.SenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(8), ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), 160_000); // RTP timestamp
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(20), 1000); // packets
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), 160_000); // octets
        return packet;
    }

    /// <summary>A receiver report from <paramref name="reporter"/> with the given blocks.</summary>
    public static byte[] ReceiverReport(uint reporter, params RtcpReportBlock[] blocks)
    {
        var packet = new byte[8 + (RtcpReportBlock.Length * blocks.Length)];
        WriteHeader(packet, blocks.Length, RtcpPacketType.ReceiverReport);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), reporter);
        for (var i = 0; i < blocks.Length; i++)
        {
            WriteBlock(packet.AsSpan(8 + (RtcpReportBlock.Length * i)), blocks[i]);
        }

        return packet;
    }

    /// <summary>An XR packet with one VoIP Metrics block (RFC 3611 §4.7) about <paramref name="ssrc"/>; 127 = unavailable.</summary>
    public static byte[] VoipMetrics(uint reporter, uint ssrc, byte rFactor, byte mosLq, byte mosCq)
    {
        var packet = new byte[8 + 36];
        WriteHeader(packet, count: 0, RtcpPacketType.ExtendedReport);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), reporter);
        var block = packet.AsSpan(8);
        block[0] = RtcpXrVoipMetrics.BlockTypeValue;
        BinaryPrimitives.WriteUInt16BigEndian(block[2..], RtcpXrVoipMetrics.BlockLengthValue);
        BinaryPrimitives.WriteUInt32BigEndian(block[4..], ssrc);
        block[4 + 16] = 127; // signal level
        block[4 + 17] = 127; // noise level
        block[4 + 18] = 127; // RERL
        block[4 + 19] = 16; // Gmin
        block[4 + 20] = rFactor;
        block[4 + 21] = 127; // external R
        block[4 + 22] = mosLq;
        block[4 + 23] = mosCq;
        return packet;
    }

    /// <summary>Several RTCP packets in one compound datagram.</summary>
    public static byte[] Compound(params byte[][] packets) => [.. packets.SelectMany(p => p)];

    private static void WriteHeader(Span<byte> packet, int count, RtcpPacketType type)
    {
        packet[0] = (byte)(0x80 | count);
        packet[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)((packet.Length / 4) - 1));
    }

    private static void WriteBlock(Span<byte> block, RtcpReportBlock value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(block, value.Ssrc);
        block[4] = value.FractionLost;
        block[5] = (byte)(value.CumulativeLost >> 16);
        block[6] = (byte)(value.CumulativeLost >> 8);
        block[7] = (byte)value.CumulativeLost;
        BinaryPrimitives.WriteUInt32BigEndian(block[8..], value.ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(block[12..], value.Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(block[16..], value.LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(block[20..], value.DelaySinceLastSenderReport);
    }
}
