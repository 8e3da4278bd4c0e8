using System.Buffers.Binary;

namespace CallActors.Capture.Tests;

/// <summary>Builds capture files byte by byte, in either byte order, including the parts <see cref="PcapWriter"/> never writes.</summary>
internal sealed class PcapBuilder
{
    private readonly MemoryStream _bytes = new();
    private bool _bigEndian;

    private PcapBuilder(bool bigEndian) => _bigEndian = bigEndian;

    public static PcapBuilder Classic(bool bigEndian, bool nanoseconds, PcapLinkType linkType)
    {
        var builder = new PcapBuilder(bigEndian);
        builder.U32(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4).U16(2).U16(4).U32(0).U32(0).U32(262_144).U32((uint)linkType);
        return builder;
    }

    public static PcapBuilder PcapNg(bool bigEndian) => new PcapBuilder(bigEndian).Section(bigEndian);

    /// <summary>Appends a section header block; what follows uses <paramref name="bigEndian"/>.</summary>
    public PcapBuilder Section(bool bigEndian)
    {
        _bigEndian = bigEndian;
        var body = new PcapBuilder(bigEndian).U32(0x1A2B3C4D).U16(1).U16(0).U64(ulong.MaxValue);
        return Block(0x0A0D0D0A, body.ToArray());
    }

    /// <summary>Appends an interface description block with optional if_tsresol and if_tsoffset options.</summary>
    public PcapBuilder Interface(PcapLinkType linkType, byte? resolution = null, long? offsetSeconds = null)
    {
        var body = new PcapBuilder(_bigEndian).U16((ushort)linkType).U16(0).U32(262_144);
        body.U16(2).U16(5).Raw("lo\0\0\0"u8).Raw([0, 0, 0]); // if_name, padded: an option the reader skips
        if (resolution is { } r)
        {
            body.U16(9).U16(1).Raw([r, 0, 0, 0]);
        }

        if (offsetSeconds is { } offset)
        {
            body.U16(14).U16(8).U64((ulong)offset);
        }

        body.U16(0).U16(0);
        return Block(1, body.ToArray());
    }

    public PcapBuilder Enhanced(uint interfaceId, ulong timestampUnits, ReadOnlySpan<byte> frame, int? originalLength = null)
    {
        var body = new PcapBuilder(_bigEndian)
            .U32(interfaceId).U32((uint)(timestampUnits >> 32)).U32((uint)timestampUnits)
            .U32((uint)frame.Length).U32((uint)(originalLength ?? frame.Length)).Raw(frame).Pad();
        body.U16(1).U16(4).Raw("note"u8).U16(0).U16(0); // opt_comment: an option the reader skips
        return Block(6, body.ToArray());
    }

    public PcapBuilder Simple(ReadOnlySpan<byte> frame) =>
        Block(3, new PcapBuilder(_bigEndian).U32((uint)frame.Length).Raw(frame).Pad().ToArray());

    /// <summary>Appends a pcapng block of any type: type, length, body padded to 4 bytes, length.</summary>
    public PcapBuilder Block(uint type, ReadOnlySpan<byte> body)
    {
        var padded = (body.Length + 3) & ~3;
        U32(type).U32((uint)(12 + padded)).Raw(body);
        for (var i = body.Length; i < padded; i++)
        {
            _bytes.WriteByte(0);
        }

        return U32((uint)(12 + padded));
    }

    /// <summary>Appends a classic pcap record.</summary>
    public PcapBuilder Record(uint seconds, uint fraction, ReadOnlySpan<byte> frame, int? originalLength = null) =>
        U32(seconds).U32(fraction).U32((uint)frame.Length).U32((uint)(originalLength ?? frame.Length)).Raw(frame);

    public PcapBuilder U16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        return Raw(bytes);
    }

    public PcapBuilder U32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }

        return Raw(bytes);
    }

    public PcapBuilder U64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        }

        return Raw(bytes);
    }

    public PcapBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    public PcapReader Reader() => new(new MemoryStream(ToArray()));

    private PcapBuilder Pad()
    {
        while (_bytes.Length % 4 != 0)
        {
            _bytes.WriteByte(0);
        }

        return this;
    }
}
