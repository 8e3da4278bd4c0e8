using System.Buffers.Binary;

namespace CallActors.Capture;

/// <summary>
/// Reads a classic pcap or pcapng stream one record at a time and returns its UDP datagrams (or its raw frames).
/// </summary>
/// <remarks>
/// Only a bad file header throws (<see cref="PcapFormatException"/>). Garbage inside a record is counted in
/// <see cref="Statistics"/> and skipped; a record header that makes the rest of the file unreadable (a length past
/// <see cref="MaxFrameLength"/>, a file cut short) ends the reading with <see cref="Error"/> saying why. Records are
/// read into 64 KiB chunks that are never reused while a returned frame or payload may point into them, so the
/// reader allocates about once per chunk rather than once per packet, and what it returns stays valid.
/// </remarks>
public sealed class PcapReader : IDisposable
{
    /// <summary>The largest record the reader accepts, Wireshark's limit for ordinary link types.</summary>
    public const int MaxFrameLength = 262_144;

    private const int MaxBlockLength = 16 * 1024 * 1024;
    private const int MaxPacketBlockLength = MaxFrameLength + (64 * 1024);
    private const int ChunkLength = 64 * 1024;
    private const int ScratchLength = 64 * 1024;
    private const uint MicrosecondMagic = 0xA1B2C3D4;
    private const uint SwappedMicrosecondMagic = 0xD4C3B2A1;
    private const uint NanosecondMagic = 0xA1B23C4D;
    private const uint SwappedNanosecondMagic = 0x4D3CB2A1;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint SwappedByteOrderMagic = 0x4D3C2B1A;

    // pcapng block types; the section header's reads the same in both byte orders.
    private const uint SectionHeaderBlock = 0x0A0D0D0A;
    private const uint InterfaceDescriptionBlock = 1;
    private const uint SimplePacketBlock = 3;
    private const uint EnhancedPacketBlock = 6;

    private const ushort EndOfOptions = 0;
    private const ushort TimestampResolutionOption = 9;
    private const ushort TimestampOffsetOption = 14;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly EndpointCache _endpoints = new();
    private readonly List<Interface> _interfaces = [];
    private readonly PcapLinkType _classicLinkType;
    private readonly bool _classicNanoseconds;
    private bool _bigEndian;
    private bool _ended;
    private long _position;
    private byte[] _chunk = [];
    private int _chunkUsed;
    private byte[]? _scratch;

    private long _records;
    private long _datagrams;
    private long _notUdp;
    private long _fragments;
    private long _truncated;
    private long _malformed;
    private long _unsupportedLinkType;
    private long _skippedBlocks;

    /// <summary>Reads the file header of <paramref name="stream"/>.</summary>
    /// <exception cref="PcapFormatException">The stream does not start with a pcap or pcapng header.</exception>
    public PcapReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;

        Span<byte> header = stackalloc byte[24];
        if (ReadFully(header[..4]) < 4)
        {
            throw new PcapFormatException("The stream is shorter than a pcap file header.");
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic == SectionHeaderBlock)
        {
            Format = PcapFormat.PcapNg;
            var error = ReadFully(header[..4]) < 4
                ? "The pcapng section header is cut short."
                : ReadSectionHeader(header[..4], 0);
            if (error is not null)
            {
                throw new PcapFormatException(error);
            }

            return;
        }

        (_bigEndian, _classicNanoseconds) = magic switch
        {
            MicrosecondMagic => (false, false),
            NanosecondMagic => (false, true),
            SwappedMicrosecondMagic => (true, false),
            SwappedNanosecondMagic => (true, true),
            _ => throw new PcapFormatException($"Not a pcap or pcapng file: it starts with 0x{magic:X8}."),
        };
        if (ReadFully(header[4..]) < 20)
        {
            throw new PcapFormatException("The pcap file header is cut short.");
        }

        var major = U16(header[4..]);
        if (major != 2)
        {
            throw new PcapFormatException($"pcap version {major}.{U16(header[6..])} is not 2.x.");
        }

        Format = PcapFormat.Pcap;
        // The upper bits of the link type field carry FCS information (pcap draft §4); LINKTYPE values fit in 16 bits.
        _classicLinkType = (PcapLinkType)(U32(header[20..]) & 0xFFFF);
    }

    public PcapFormat Format { get; }

    /// <summary>Why reading stopped before the end of the stream (a corrupt or cut-short record); null otherwise.</summary>
    public string? Error { get; private set; }

    public PcapStatistics Statistics => new(
        _records, _datagrams, _notUdp, _fragments, _truncated, _malformed, _unsupportedLinkType, _skippedBlocks);

    /// <summary>Opens a capture file for reading.</summary>
    /// <exception cref="PcapFormatException">The file does not start with a pcap or pcapng header.</exception>
    public static PcapReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);
        try
        {
            return new PcapReader(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>All UDP datagrams of a capture file, in file order.</summary>
    public static List<CapturedDatagram> ReadAllDatagrams(string path)
    {
        using var reader = Open(path);
        return [.. reader.ReadDatagrams()];
    }

    /// <summary>The next UDP datagram; false at the end of the stream or when <see cref="Error"/> stopped the reading.</summary>
    public bool TryReadDatagram(out CapturedDatagram datagram)
    {
        while (true)
        {
            var chunk = _chunk;
            var chunkUsed = _chunkUsed;
            if (!TryReadFrame(out var frame))
            {
                datagram = default;
                return false;
            }

            var verdict = UdpFrameDecoder.Decode(frame.LinkType, frame.Data.Span, frame.IsCut, out var udp);
            if (verdict == FrameVerdict.Udp)
            {
                _datagrams++;
                datagram = new CapturedDatagram(
                    frame.TimestampUnixNanos,
                    _endpoints.Get(udp.SourceAddress, udp.SourcePort, udp.IsIPv6),
                    _endpoints.Get(udp.DestinationAddress, udp.DestinationPort, udp.IsIPv6),
                    frame.Data.Slice(udp.PayloadOffset, udp.PayloadLength));
                return true;
            }

            Count(verdict);
            // Nothing outside this method has seen the skipped frame: its bytes can be read over.
            _chunkUsed = ReferenceEquals(chunk, _chunk) ? chunkUsed : 0;
        }
    }

    /// <summary>The next packet record as captured; false at the end of the stream or when <see cref="Error"/> stopped the reading.</summary>
    public bool TryReadFrame(out CapturedFrame frame)
    {
        if (_ended)
        {
            frame = default;
            return false;
        }

        return Format == PcapFormat.Pcap ? TryReadRecord(out frame) : TryReadPacketBlock(out frame);
    }

    /// <summary>The remaining UDP datagrams, read as the sequence is enumerated (once).</summary>
    public IEnumerable<CapturedDatagram> ReadDatagrams()
    {
        while (TryReadDatagram(out var datagram))
        {
            yield return datagram;
        }
    }

    /// <summary>The remaining frames, read as the sequence is enumerated (once).</summary>
    public IEnumerable<CapturedFrame> ReadFrames()
    {
        while (TryReadFrame(out var frame))
        {
            yield return frame;
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private bool TryReadRecord(out CapturedFrame frame)
    {
        frame = default;
        Span<byte> header = stackalloc byte[16];
        var start = _position;
        var read = ReadFully(header);
        if (read < header.Length)
        {
            return Stop(read == 0 ? null : $"The file ends inside the record header at byte {start}.");
        }

        var seconds = U32(header);
        var fraction = U32(header[4..]);
        var capturedLength = U32(header[8..]);
        var originalLength = U32(header[12..]);
        if (capturedLength > MaxFrameLength)
        {
            return Stop($"The record at byte {start} claims {capturedLength} captured bytes, more than {MaxFrameLength}: the file is corrupt from there.");
        }

        if (!TryReadIntoChunk((int)capturedLength, out var data))
        {
            return Stop($"The file ends inside the record at byte {start}.");
        }

        _records++;
        var nanos = (seconds * 1_000_000_000L) + (_classicNanoseconds ? fraction : fraction * 1_000L);
        frame = new CapturedFrame(nanos, _classicLinkType, ClampLength(originalLength), data);
        return true;
    }

    private bool TryReadPacketBlock(out CapturedFrame frame)
    {
        frame = default;
        Span<byte> head = stackalloc byte[8];
        while (true)
        {
            var start = _position;
            var read = ReadFully(head);
            if (read < head.Length)
            {
                return Stop(read == 0 ? null : $"The file ends inside the block header at byte {start}.");
            }

            var type = U32(head);
            if (type == SectionHeaderBlock)
            {
                var error = ReadSectionHeader(head[4..], start);
                if (error is not null)
                {
                    return Stop(error);
                }

                continue;
            }

            var length = U32(head[4..]);
            if (length < 12 || length % 4 != 0 || length > MaxBlockLength)
            {
                return Stop($"The block at byte {start} claims a length of {length} bytes: the file is corrupt from there.");
            }

            // What follows the type and length: the body, then the length again.
            var rest = (int)length - 8;
            switch (type)
            {
                case EnhancedPacketBlock or SimplePacketBlock when rest <= MaxPacketBlockLength:
                    var chunk = _chunk;
                    var chunkUsed = _chunkUsed;
                    if (!TryReadIntoChunk(rest, out var block))
                    {
                        return Stop($"The file ends inside the block at byte {start}.");
                    }

                    if (U32(block.Span[^4..]) != length)
                    {
                        return Stop($"The block at byte {start} ends with a length other than {length}: the file is corrupt from there.");
                    }

                    _records++;
                    if (TryParsePacketBlock(type, block[..^4], out frame))
                    {
                        return true;
                    }

                    _malformed++;
                    _chunkUsed = ReferenceEquals(chunk, _chunk) ? chunkUsed : 0;
                    break;
                case EnhancedPacketBlock or SimplePacketBlock:
                    _records++;
                    _malformed++;
                    if (!Skip(rest))
                    {
                        return Stop($"The file ends inside the block at byte {start}.");
                    }

                    break;
                case InterfaceDescriptionBlock:
                    if (!TryReadInterface(rest))
                    {
                        return Stop($"The file ends inside the block at byte {start}.");
                    }

                    break;
                default:
                    _skippedBlocks++;
                    if (!Skip(rest))
                    {
                        return Stop($"The file ends inside the block at byte {start}.");
                    }

                    break;
            }
        }
    }

    // Called after the block type; rawLength holds the block length in the byte order the magic that follows it sets.
    private string? ReadSectionHeader(ReadOnlySpan<byte> rawLength, long start)
    {
        Span<byte> field = stackalloc byte[4];
        if (ReadFully(field) < 4)
        {
            return $"The file ends inside the section header at byte {start}.";
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(field);
        if (magic is not (ByteOrderMagic or SwappedByteOrderMagic))
        {
            return $"The pcapng section header at byte {start} has the byte-order magic 0x{magic:X8}, not 0x1A2B3C4D.";
        }

        _bigEndian = magic == SwappedByteOrderMagic;
        var length = U32(rawLength);
        // Type, length, magic, version, section length and the trailing length: 28 bytes at least.
        if (length < 28 || length % 4 != 0 || length > MaxBlockLength)
        {
            return $"The pcapng section header at byte {start} claims a length of {length} bytes.";
        }

        if (ReadFully(field) < 4)
        {
            return $"The file ends inside the section header at byte {start}.";
        }

        var major = U16(field);
        if (major != 1)
        {
            return $"pcapng version {major}.{U16(field[2..])} is not 1.x.";
        }

        _interfaces.Clear();
        return Skip(length - 16) ? null : $"The file ends inside the section header at byte {start}.";
    }

    private bool TryReadInterface(int rest)
    {
        var scratch = _scratch ??= new byte[ScratchLength];
        // Options past the first 64 KiB (none we read lives there in practice) are skipped unread.
        var kept = Math.Min(rest, scratch.Length);
        if (ReadFully(scratch.AsSpan(0, kept)) < kept || !Skip(rest - kept))
        {
            return false;
        }

        var body = scratch.AsSpan(0, kept == rest ? rest - 4 : kept);
        // A malformed description still takes its index, so that later blocks find their own interface.
        var linkType = body.Length >= 8 ? (PcapLinkType)U16(body) : (PcapLinkType)(-1);
        ulong ticksPerSecond = 1_000_000;
        long offsetSeconds = 0;
        for (var position = 8; position + 4 <= body.Length;)
        {
            var code = U16(body[position..]);
            var length = U16(body[(position + 2)..]);
            var value = body[(position + 4)..];
            if (code == EndOfOptions || length > value.Length)
            {
                break;
            }

            if (code == TimestampResolutionOption && length >= 1)
            {
                ticksPerSecond = TicksPerSecond(value[0]) ?? ticksPerSecond;
            }
            else if (code == TimestampOffsetOption && length == 8)
            {
                offsetSeconds = (long)U64(value);
            }

            position += 4 + ((length + 3) & ~3);
        }

        _interfaces.Add(new Interface(linkType, ticksPerSecond, offsetSeconds));
        return true;
    }

    // if_tsresol: the high bit picks a power of 2, otherwise a power of 10, of a second (pcapng §4.2).
    private static ulong? TicksPerSecond(byte resolution)
    {
        var exponent = resolution & 0x7F;
        if ((resolution & 0x80) != 0)
        {
            return exponent <= 63 ? 1UL << exponent : null;
        }

        if (exponent > 19)
        {
            return null;
        }

        ulong ticks = 1;
        for (var i = 0; i < exponent; i++)
        {
            ticks *= 10;
        }

        return ticks;
    }

    private bool TryParsePacketBlock(uint type, ReadOnlyMemory<byte> body, out CapturedFrame frame)
    {
        frame = default;
        var span = body.Span;
        if (type == SimplePacketBlock)
        {
            if (span.Length < 4 || _interfaces.Count == 0)
            {
                return false;
            }

            // A simple packet block has no timestamp and belongs to the first interface.
            var original = U32(span);
            var captured = (int)Math.Min(original, (uint)(span.Length - 4));
            frame = new CapturedFrame(0, _interfaces[0].LinkType, ClampLength(original), body.Slice(4, captured));
            return true;
        }

        if (span.Length < 20)
        {
            return false;
        }

        var interfaceId = U32(span);
        var capturedLength = U32(span[12..]);
        if (interfaceId >= (uint)_interfaces.Count || capturedLength > (uint)(span.Length - 20))
        {
            return false;
        }

        var description = _interfaces[(int)interfaceId];
        var units = ((ulong)U32(span[4..]) << 32) | U32(span[8..]);
        frame = new CapturedFrame(
            ToUnixNanos(units, description),
            description.LinkType,
            ClampLength(U32(span[16..])),
            body.Slice(20, (int)capturedLength));
        return true;
    }

    private static long ToUnixNanos(ulong units, Interface description)
    {
        Int128 nanos = description.TicksPerSecond switch
        {
            1_000_000_000 => units,
            1_000_000 => (Int128)units * 1_000,
            var ticks => (Int128)((UInt128)units * 1_000_000_000 / ticks),
        };
        nanos += (Int128)description.OffsetSeconds * 1_000_000_000;
        return nanos > long.MaxValue ? long.MaxValue : nanos < long.MinValue ? long.MinValue : (long)nanos;
    }

    private static int ClampLength(uint length) => (int)Math.Min(length, int.MaxValue);

    private void Count(FrameVerdict verdict)
    {
        switch (verdict)
        {
            case FrameVerdict.NotUdp:
                _notUdp++;
                break;
            case FrameVerdict.Fragment:
                _fragments++;
                break;
            case FrameVerdict.Truncated:
                _truncated++;
                break;
            case FrameVerdict.UnsupportedLinkType:
                _unsupportedLinkType++;
                break;
            default:
                _malformed++;
                break;
        }
    }

    private bool Stop(string? error)
    {
        _ended = true;
        Error = error;
        return false;
    }

    private bool TryReadIntoChunk(int length, out ReadOnlyMemory<byte> data)
    {
        data = default;
        // A garbage length near the limit must not cost a large buffer when the file cannot hold it anyway.
        if (length > ChunkLength && _stream.CanSeek && _stream.Length - _stream.Position < length)
        {
            return false;
        }

        if (_chunk.Length - _chunkUsed < length)
        {
            _chunk = new byte[Math.Max(ChunkLength, length)];
            _chunkUsed = 0;
        }

        var memory = _chunk.AsMemory(_chunkUsed, length);
        _chunkUsed += length;
        data = memory;
        return ReadFully(memory.Span) == length;
    }

    private bool Skip(long count)
    {
        if (_stream.CanSeek)
        {
            var remaining = _stream.Length - _stream.Position;
            if (remaining < count)
            {
                _stream.Seek(0, SeekOrigin.End);
                _position += remaining;
                return false;
            }

            _stream.Seek(count, SeekOrigin.Current);
            _position += count;
            return true;
        }

        var scratch = _scratch ??= new byte[ScratchLength];
        while (count > 0)
        {
            var piece = (int)Math.Min(count, scratch.Length);
            if (ReadFully(scratch.AsSpan(0, piece)) < piece)
            {
                return false;
            }

            count -= piece;
        }

        return true;
    }

    private int ReadFully(Span<byte> buffer)
    {
        var read = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        _position += read;
        return read;
    }

    private ushort U16(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private uint U32(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private ulong U64(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);

    private readonly record struct Interface(PcapLinkType LinkType, ulong TicksPerSecond, long OffsetSeconds);
}
