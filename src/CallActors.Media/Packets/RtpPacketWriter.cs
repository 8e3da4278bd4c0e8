using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>Writes RTP packets (RFC 3550 §5.1) for tests, the relay and the tone generator.</summary>
public static class RtpPacketWriter
{
    /// <summary>The number of bytes <see cref="Write"/> needs.</summary>
    public static int GetLength(in RtpHeader header, int payloadLength) =>
        RtpPacket.FixedHeaderLength
        + (4 * header.Csrcs.Length)
        + (header.HasExtension ? 4 + header.ExtensionData.Length : 0)
        + payloadLength
        + header.PaddingLength;

    /// <summary>Writes the header and payload into <paramref name="destination"/> and returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The header cannot be encoded or the destination is too small.</exception>
    public static int Write(Span<byte> destination, in RtpHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.PayloadType > 127)
        {
            throw new ArgumentException("Payload type must be 0-127.", nameof(header));
        }

        if (header.Csrcs.Length > 15)
        {
            throw new ArgumentException("At most 15 CSRCs fit in an RTP header.", nameof(header));
        }

        if (header.ExtensionData.Length % 4 != 0 || header.ExtensionData.Length / 4 > ushort.MaxValue)
        {
            throw new ArgumentException("Extension data must be a whole number of 32-bit words.", nameof(header));
        }

        var length = GetLength(header, payload.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the packet needs {length}.", nameof(destination));
        }

        destination[0] = (byte)(0x80
            | (header.PaddingLength > 0 ? 0x20 : 0)
            | (header.HasExtension ? 0x10 : 0)
            | header.Csrcs.Length);
        destination[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], header.Ssrc);

        var offset = RtpPacket.FixedHeaderLength;
        foreach (var csrc in header.Csrcs.Span)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        if (header.HasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], header.ExtensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(header.ExtensionData.Length / 4));
            header.ExtensionData.Span.CopyTo(destination[(offset + 4)..]);
            offset += 4 + header.ExtensionData.Length;
        }

        payload.CopyTo(destination[offset..]);
        offset += payload.Length;

        if (header.PaddingLength > 0)
        {
            destination.Slice(offset, header.PaddingLength - 1).Clear();
            offset += header.PaddingLength;
            destination[offset - 1] = header.PaddingLength;
        }

        return offset;
    }
}
