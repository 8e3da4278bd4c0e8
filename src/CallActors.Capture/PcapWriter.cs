using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace CallActors.Capture;

/// <summary>
/// Writes a classic pcap file (little-endian, microsecond or nanosecond timestamps): frames as given, or UDP datagrams
/// wrapped in IPv4/IPv6 headers with correct lengths and checksums, so that tools such as tshark read them as if
/// captured.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private const int EthernetHeaderLength = 14;
    private const int IPv4HeaderLength = 20;
    private const int IPv6HeaderLength = 40;
    private const int UdpHeaderLength = 8;
    private const int MaxUdpPayloadLength = ushort.MaxValue - UdpHeaderLength - IPv4HeaderLength;
    private const byte ProtocolUdp = 17;
    private const byte TimeToLive = 64;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _packet = new byte[EthernetHeaderLength + IPv6HeaderLength + UdpHeaderLength + ushort.MaxValue];
    private ushort _identification;

    /// <summary>Writes the file header to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where the file goes; written from its current position.</param>
    /// <param name="linkType">
    /// Any type for <see cref="WriteFrame(long, ReadOnlySpan{byte})"/>; <see cref="PcapLinkType.Raw"/> or
    /// <see cref="PcapLinkType.Ethernet"/> for <see cref="WriteDatagram(long, IPEndPoint, IPEndPoint, ReadOnlySpan{byte})"/>.
    /// </param>
    /// <param name="resolution">The timestamp unit; microsecond files are the most widely readable.</param>
    /// <param name="leaveOpen">Leave <paramref name="stream"/> open when the writer is disposed.</param>
    public PcapWriter(
        Stream stream,
        PcapLinkType linkType = PcapLinkType.Raw,
        PcapTimestampResolution resolution = PcapTimestampResolution.Microseconds,
        bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        LinkType = linkType;
        Resolution = resolution;

        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, resolution == PcapTimestampResolution.Nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone: timestamps are UTC
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], PcapReader.MaxFrameLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)linkType);
        _stream.Write(header);
    }

    public PcapLinkType LinkType { get; }

    public PcapTimestampResolution Resolution { get; }

    /// <summary>Creates (or overwrites) a capture file.</summary>
    public static PcapWriter Create(
        string path,
        PcapLinkType linkType = PcapLinkType.Raw,
        PcapTimestampResolution resolution = PcapTimestampResolution.Microseconds) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024), linkType, resolution);

    /// <summary>Writes one record holding <paramref name="frame"/> whole.</summary>
    public void WriteFrame(long timestampUnixNanos, ReadOnlySpan<byte> frame) =>
        WriteFrame(timestampUnixNanos, frame, frame.Length);

    /// <summary>Writes one record of which only <paramref name="frame"/> was captured out of <paramref name="originalLength"/> bytes.</summary>
    public void WriteFrame(long timestampUnixNanos, ReadOnlySpan<byte> frame, int originalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestampUnixNanos);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frame.Length, PcapReader.MaxFrameLength, nameof(frame));
        ArgumentOutOfRangeException.ThrowIfLessThan(originalLength, frame.Length);

        var seconds = timestampUnixNanos / 1_000_000_000;
        var nanos = timestampUnixNanos % 1_000_000_000;
        if (seconds > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(timestampUnixNanos), timestampUnixNanos, "pcap timestamps end in 2106.");
        }

        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(Resolution == PcapTimestampResolution.Nanoseconds ? nanos : nanos / 1_000));
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], frame.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], originalLength);
        _stream.Write(header);
        _stream.Write(frame);
    }

    /// <summary>Writes a UDP datagram from <paramref name="source"/> to <paramref name="destination"/> (both IPv4 or both IPv6).</summary>
    /// <exception cref="InvalidOperationException">The file's link type is neither raw IP nor Ethernet.</exception>
    public void WriteDatagram(long timestampUnixNanos, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.AddressFamily != destination.AddressFamily)
        {
            throw new ArgumentException($"{source} and {destination} are not of one address family.", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxUdpPayloadLength, nameof(payload));
        int linkHeaderLength;
        switch (LinkType)
        {
            case PcapLinkType.Raw:
                linkHeaderLength = 0;
                break;
            case PcapLinkType.Ethernet:
                linkHeaderLength = EthernetHeaderLength;
                // Zero MAC addresses, as Linux shows loopback traffic.
                _packet.AsSpan(0, 12).Clear();
                BinaryPrimitives.WriteUInt16BigEndian(
                    _packet.AsSpan(12),
                    source.AddressFamily == AddressFamily.InterNetworkV6 ? (ushort)0x86DD : (ushort)0x0800);
                break;
            default:
                throw new InvalidOperationException($"WriteDatagram needs a raw IP or Ethernet file, not link type {LinkType}.");
        }

        var ip = _packet.AsSpan(linkHeaderLength);
        var length = source.AddressFamily == AddressFamily.InterNetworkV6
            ? WriteIPv6(ip, source, destination, payload)
            : WriteIPv4(ip, source, destination, payload, _identification++);
        WriteFrame(timestampUnixNanos, _packet.AsSpan(0, linkHeaderLength + length));
    }

    public void WriteDatagram(in CapturedDatagram datagram) =>
        WriteDatagram(datagram.TimestampUnixNanos, datagram.Source, datagram.Destination, datagram.Payload.Span);

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static int WriteIPv4(Span<byte> ip, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload, ushort identification)
    {
        var totalLength = IPv4HeaderLength + UdpHeaderLength + payload.Length;
        var header = ip[..IPv4HeaderLength];
        header[0] = 0x45; // version 4, 5 words of header
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], 0x4000); // don't fragment
        header[8] = TimeToLive;
        header[9] = ProtocolUdp;
        header[10] = 0;
        header[11] = 0;
        WriteAddress(header[12..16], source.Address);
        WriteAddress(header[16..20], destination.Address);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Complete(InternetChecksum.Add(0, header)));

        // The UDP checksum covers a pseudo-header: both addresses, the protocol and the UDP length.
        var pseudo = InternetChecksum.Add(0, header[12..20]) + ProtocolUdp + (uint)(UdpHeaderLength + payload.Length);
        WriteUdp(ip[IPv4HeaderLength..], source.Port, destination.Port, payload, pseudo);
        return totalLength;
    }

    private static int WriteIPv6(Span<byte> ip, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        var udpLength = UdpHeaderLength + payload.Length;
        var header = ip[..IPv6HeaderLength];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x6000_0000); // version 6, no traffic class, no flow label
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)udpLength);
        header[6] = ProtocolUdp;
        header[7] = TimeToLive;
        WriteAddress(header[8..24], source.Address);
        WriteAddress(header[24..40], destination.Address);

        var pseudo = InternetChecksum.Add(0, header[8..40]) + ProtocolUdp + (uint)udpLength;
        WriteUdp(ip[IPv6HeaderLength..], source.Port, destination.Port, payload, pseudo);
        return IPv6HeaderLength + udpLength;
    }

    private static void WriteUdp(Span<byte> udp, int sourcePort, int destinationPort, ReadOnlySpan<byte> payload, uint pseudoHeaderSum)
    {
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpHeaderLength + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        payload.CopyTo(udp[UdpHeaderLength..]);

        var checksum = InternetChecksum.Complete(InternetChecksum.Add(pseudoHeaderSum, udp[..(UdpHeaderLength + payload.Length)]));
        // 0 means "no checksum" in UDP over IPv4 and is forbidden over IPv6; the sum's other zero is 0xFFFF.
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
    }

    private static void WriteAddress(Span<byte> destination, IPAddress address)
    {
        if (!address.TryWriteBytes(destination, out var written) || written != destination.Length)
        {
            throw new ArgumentException($"{address} does not fit a {destination.Length}-byte address field.", nameof(address));
        }
    }
}
