using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>SDES item types (RFC 3550 §6.5).</summary>
public enum SdesItemType
{
    End = 0,
    CanonicalName = 1,
    Name = 2,
    Email = 3,
    Phone = 4,
    Location = 5,
    Tool = 6,
    Note = 7,
    Private = 8,
}

/// <summary>One SDES item: its type and raw UTF-8 value.</summary>
public readonly ref struct SdesItem
{
    internal SdesItem(SdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public SdesItemType Type { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>One SDES chunk: a source and its items.</summary>
public readonly ref struct SdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    internal SdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    public uint Ssrc { get; }

    /// <summary>The CNAME item's value, empty when the chunk has none.</summary>
    public ReadOnlySpan<byte> CanonicalName
    {
        get
        {
            foreach (var item in this)
            {
                if (item.Type == SdesItemType.CanonicalName)
                {
                    return item.Value;
                }
            }

            return [];
        }
    }

    public ItemEnumerator GetEnumerator() => new(_items);

    /// <summary>Walks the items of a validated chunk up to its null item.</summary>
    public ref struct ItemEnumerator
    {
        private ReadOnlySpan<byte> _rest;
        private SdesItem _current;

        internal ItemEnumerator(ReadOnlySpan<byte> items) => _rest = items;

        public readonly SdesItem Current => _current;

        public bool MoveNext()
        {
            if (_rest.Length < 2 || _rest[0] == (byte)SdesItemType.End || _rest.Length < 2 + _rest[1])
            {
                return false;
            }

            _current = new SdesItem((SdesItemType)_rest[0], _rest.Slice(2, _rest[1]));
            _rest = _rest[(2 + _rest[1])..];
            return true;
        }
    }
}

/// <summary>An RTCP SDES packet (RFC 3550 §6.5): chunks of source description items such as CNAME.</summary>
public readonly ref struct RtcpSourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpSourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    public int ChunkCount { get; }

    public ChunkEnumerator GetEnumerator() => new(_body, ChunkCount);

    public static bool TryParse(RtcpPacket packet, out RtcpSourceDescription description, out string? error)
    {
        description = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription)
        {
            error = PacketErrors.RtcpWrongType;
            return false;
        }

        var body = packet.Body;
        var offset = 0;
        for (var chunk = 0; chunk < packet.Count; chunk++)
        {
            if (!TryMeasureChunk(body[offset..], out var length, out error))
            {
                return false;
            }

            offset += length;
        }

        description = new RtcpSourceDescription(body, packet.Count);
        error = null;
        return true;
    }

    /// <summary>Length of the chunk at the start of <paramref name="chunks"/>, up to the next 32-bit boundary after its null item.</summary>
    private static bool TryMeasureChunk(ReadOnlySpan<byte> chunks, out int length, out string? error)
    {
        length = 0;
        if (chunks.Length < 4)
        {
            error = PacketErrors.RtcpBodyTooShort;
            return false;
        }

        var offset = 4;
        while (true)
        {
            if (offset >= chunks.Length)
            {
                error = PacketErrors.SdesMissingTerminator;
                return false;
            }

            if (chunks[offset] == (byte)SdesItemType.End)
            {
                // The chunk starts on a word boundary, so aligning within it aligns in the packet; a
                // body of whole words keeps the aligned end inside it.
                length = Math.Min((offset + 4) & ~3, chunks.Length);
                error = null;
                return true;
            }

            if (offset + 2 > chunks.Length || offset + 2 + chunks[offset + 1] > chunks.Length)
            {
                error = PacketErrors.SdesItemTruncated;
                return false;
            }

            offset += 2 + chunks[offset + 1];
        }
    }

    /// <summary>Walks the chunks of a validated SDES packet.</summary>
    public ref struct ChunkEnumerator
    {
        private ReadOnlySpan<byte> _rest;
        private int _remaining;
        private SdesChunk _current;

        internal ChunkEnumerator(ReadOnlySpan<byte> body, int chunkCount)
        {
            _rest = body;
            _remaining = chunkCount;
        }

        public readonly SdesChunk Current => _current;

        public bool MoveNext()
        {
            if (_remaining == 0 || !TryMeasureChunk(_rest, out var length, out _))
            {
                return false;
            }

            _current = new SdesChunk(BinaryPrimitives.ReadUInt32BigEndian(_rest), _rest[4..length]);
            _rest = _rest[length..];
            _remaining--;
            return true;
        }
    }
}
