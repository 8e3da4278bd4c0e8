using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>One report block of an XR packet (RFC 3611 §3): block type, type-specific byte and contents.</summary>
public readonly ref struct RtcpXrBlock
{
    public const int HeaderLength = 4;

    internal RtcpXrBlock(ReadOnlySpan<byte> block) => Span = block;

    /// <summary>The block type (BT); 7 is VoIP Metrics.</summary>
    public byte BlockType => Span[0];

    public byte TypeSpecific => Span[1];

    /// <summary>The block length field: contents in 32-bit words, the 4-byte block header excluded.</summary>
    public ushort BlockLength => BinaryPrimitives.ReadUInt16BigEndian(Span[2..]);

    public ReadOnlySpan<byte> Contents => Span[HeaderLength..];

    /// <summary>The whole block, header included.</summary>
    public ReadOnlySpan<byte> Span { get; }
}

/// <summary>An RTCP XR packet (RFC 3611 §2): the reporter's SSRC and a sequence of report blocks.</summary>
public readonly ref struct RtcpExtendedReport
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpExtendedReport(ReadOnlySpan<byte> body) => _body = body;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public BlockEnumerator GetEnumerator() => new(_body[4..]);

    public static bool TryParse(RtcpPacket packet, out RtcpExtendedReport report, out string? error)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ExtendedReport)
        {
            error = PacketErrors.RtcpWrongType;
            return false;
        }

        var body = packet.Body;
        if (body.Length < 4)
        {
            error = PacketErrors.RtcpBodyTooShort;
            return false;
        }

        var blocks = body[4..];
        while (!blocks.IsEmpty)
        {
            if (!TryMeasureBlock(blocks, out var length))
            {
                error = PacketErrors.XrBlockTruncated;
                return false;
            }

            blocks = blocks[length..];
        }

        report = new RtcpExtendedReport(body);
        error = null;
        return true;
    }

    private static bool TryMeasureBlock(ReadOnlySpan<byte> blocks, out int length)
    {
        length = blocks.Length < RtcpXrBlock.HeaderLength
            ? int.MaxValue
            : RtcpXrBlock.HeaderLength + (4 * BinaryPrimitives.ReadUInt16BigEndian(blocks[2..]));
        return length <= blocks.Length;
    }

    /// <summary>Walks the blocks of a validated XR packet.</summary>
    public ref struct BlockEnumerator
    {
        private ReadOnlySpan<byte> _rest;
        private RtcpXrBlock _current;

        internal BlockEnumerator(ReadOnlySpan<byte> blocks) => _rest = blocks;

        public readonly RtcpXrBlock Current => _current;

        public bool MoveNext()
        {
            if (_rest.IsEmpty || !TryMeasureBlock(_rest, out var length))
            {
                return false;
            }

            _current = new RtcpXrBlock(_rest[..length]);
            _rest = _rest[length..];
            return true;
        }
    }
}
