namespace CallActors.Media.Packets;

/// <summary>The fields <see cref="RtpPacketWriter"/> writes in front of a payload (RFC 3550 §5.1).</summary>
public readonly record struct RtpHeader(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    public bool Marker { get; init; }

    /// <summary>Contributing sources, at most 15.</summary>
    public ReadOnlyMemory<uint> Csrcs { get; init; }

    /// <summary>When true a header extension with <see cref="ExtensionProfile"/> and <see cref="ExtensionData"/> is written.</summary>
    public bool HasExtension { get; init; }

    public ushort ExtensionProfile { get; init; }

    /// <summary>Extension data, a whole number of 32-bit words.</summary>
    public ReadOnlyMemory<byte> ExtensionData { get; init; }

    /// <summary>Padding octets to append, the count octet included; 0 for none.</summary>
    public byte PaddingLength { get; init; }
}
