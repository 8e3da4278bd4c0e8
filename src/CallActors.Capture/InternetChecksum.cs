using System.Buffers.Binary;

namespace CallActors.Capture;

/// <summary>The one's-complement sum of 16-bit words that IPv4, UDP and ICMP use as a checksum (RFC 1071).</summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running sum, an odd last byte padded with zero.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        // Fold now and then so that long inputs cannot overflow 32 bits.
        return (sum & 0xFFFF) + (sum >> 16);
    }

    /// <summary>The checksum field's value: the complement of the folded sum.</summary>
    public static ushort Complete(uint sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
