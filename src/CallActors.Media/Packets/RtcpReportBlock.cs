using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    /// <summary>Fraction lost as a ratio, 0 to 255/256.</summary>
    public double FractionLostRatio => FractionLost / 256.0;

    /// <summary>Reads a block from the first 24 bytes of <paramref name="block"/>.</summary>
    public static RtcpReportBlock Read(ReadOnlySpan<byte> block)
    {
        // Cumulative lost is signed 24-bit (RFC 3550 A.3): duplicates can make it negative.
        var cumulative = (block[5] << 16) | (block[6] << 8) | block[7];
        if ((cumulative & 0x800000) != 0)
        {
            cumulative -= 0x1000000;
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }
}
