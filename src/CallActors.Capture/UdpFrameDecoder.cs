using System.Buffers.Binary;

namespace CallActors.Capture;

/// <summary>Finds a UDP datagram inside one captured frame: link header, one or two VLAN tags, IPv4 or IPv6, UDP.</summary>
/// <remarks>
/// Works on the span only and never throws: every length is checked against the bytes captured. A header that needs
/// more bytes than were captured makes the frame <see cref="FrameVerdict.Truncated"/> when the capture cut it
/// (captured &lt; original length) and <see cref="FrameVerdict.Malformed"/> otherwise. Checksums are not verified:
/// captures of outgoing packets carry whatever checksum offload left there.
/// </remarks>
internal static class UdpFrameDecoder
{
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const byte ProtocolUdp = 17;
    private const int UdpHeaderLength = 8;
    private const int MaxVlanTags = 2;
    private const int MaxIPv6ExtensionHeaders = 8;

    public static FrameVerdict Decode(PcapLinkType linkType, ReadOnlySpan<byte> frame, bool cut, out UdpView udp)
    {
        udp = default;
        var shortVerdict = cut ? FrameVerdict.Truncated : FrameVerdict.Malformed;
        int offset;
        int ipVersion;
        switch (linkType)
        {
            case PcapLinkType.Ethernet:
                if (!TryEthernet(frame, out offset, out var etherType))
                {
                    return shortVerdict;
                }

                ipVersion = VersionOf(etherType);
                break;
            case PcapLinkType.Null:
            case PcapLinkType.Loop:
                if (frame.Length < 4)
                {
                    return shortVerdict;
                }

                offset = 4;
                ipVersion = linkType == PcapLinkType.Loop
                    ? VersionOfFamily(BinaryPrimitives.ReadUInt32BigEndian(frame))
                    : VersionOfEitherOrderFamily(frame);
                break;
            case PcapLinkType.Raw:
            case PcapLinkType.RawBsd:
            case PcapLinkType.RawOpenBsd:
            case PcapLinkType.IPv4:
            case PcapLinkType.IPv6:
                if (frame.IsEmpty)
                {
                    return FrameVerdict.Malformed;
                }

                offset = 0;
                ipVersion = frame[0] >> 4;
                break;
            case PcapLinkType.LinuxSll:
                if (frame.Length < 16)
                {
                    return shortVerdict;
                }

                offset = 16;
                ipVersion = VersionOf(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]));
                break;
            case PcapLinkType.LinuxSll2:
                if (frame.Length < 20)
                {
                    return shortVerdict;
                }

                offset = 20;
                ipVersion = VersionOf(BinaryPrimitives.ReadUInt16BigEndian(frame));
                break;
            default:
                return FrameVerdict.UnsupportedLinkType;
        }

        var verdict = ipVersion switch
        {
            4 => DecodeIPv4(frame[offset..], shortVerdict, out udp),
            6 => DecodeIPv6(frame[offset..], shortVerdict, out udp),
            _ => FrameVerdict.NotUdp,
        };
        if (verdict == FrameVerdict.Udp)
        {
            udp = udp with { PayloadOffset = udp.PayloadOffset + offset };
        }

        return verdict;
    }

    private static bool TryEthernet(ReadOnlySpan<byte> frame, out int offset, out ushort etherType)
    {
        offset = 14;
        etherType = 0;
        if (frame.Length < offset)
        {
            return false;
        }

        etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        // 802.1Q (0x8100), 802.1ad service tag (0x88A8) and the pre-standard QinQ 0x9100 each add 4 bytes.
        for (var tags = 0; tags < MaxVlanTags && etherType is 0x8100 or 0x88A8 or 0x9100; tags++)
        {
            if (frame.Length < offset + 4)
            {
                return false;
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
        }

        return true;
    }

    private static int VersionOf(ushort etherType) => etherType switch
    {
        EtherTypeIPv4 => 4,
        EtherTypeIPv6 => 6,
        _ => 0,
    };

    // BSD loopback stores AF_INET/AF_INET6 in the capturing host's byte order, and AF_INET6 differs between systems.
    private static int VersionOfEitherOrderFamily(ReadOnlySpan<byte> frame)
    {
        var little = VersionOfFamily(BinaryPrimitives.ReadUInt32LittleEndian(frame));
        return little != 0 ? little : VersionOfFamily(BinaryPrimitives.ReadUInt32BigEndian(frame));
    }

    private static int VersionOfFamily(uint family) => family switch
    {
        2 => 4,
        10 or 24 or 28 or 30 => 6, // Linux, NetBSD/OpenBSD, FreeBSD, macOS
        _ => 0,
    };

    private static FrameVerdict DecodeIPv4(ReadOnlySpan<byte> ip, FrameVerdict shortVerdict, out UdpView udp)
    {
        udp = default;
        if (ip.Length < 20)
        {
            return shortVerdict;
        }

        var headerLength = (ip[0] & 0x0F) * 4;
        if (ip[0] >> 4 != 4 || headerLength < 20)
        {
            return FrameVerdict.Malformed;
        }

        if (ip[9] != ProtocolUdp)
        {
            return FrameVerdict.NotUdp;
        }

        var flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        if ((flagsAndOffset & 0x3FFF) != 0)
        {
            return FrameVerdict.Fragment; // more fragments, or not the first one
        }

        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (totalLength < headerLength + UdpHeaderLength)
        {
            return FrameVerdict.Malformed;
        }

        if (totalLength > ip.Length)
        {
            return shortVerdict;
        }

        // Ethernet pads short frames and may append a frame check sequence: the IP length says where the packet ends.
        var verdict = DecodeUdp(ip[headerLength..totalLength], out var ports);
        udp = new UdpView(
            IsIPv6: false,
            BinaryPrimitives.ReadUInt32BigEndian(ip[12..]),
            ports.SourcePort,
            BinaryPrimitives.ReadUInt32BigEndian(ip[16..]),
            ports.DestinationPort,
            headerLength + ports.PayloadOffset,
            ports.PayloadLength);
        return verdict;
    }

    private static FrameVerdict DecodeIPv6(ReadOnlySpan<byte> ip, FrameVerdict shortVerdict, out UdpView udp)
    {
        udp = default;
        if (ip.Length < 40)
        {
            return shortVerdict;
        }

        if (ip[0] >> 4 != 6)
        {
            return FrameVerdict.Malformed;
        }

        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
        if (payloadLength == 0)
        {
            return FrameVerdict.Malformed; // a jumbogram (RFC 2675) or a lie; neither is RTP
        }

        var end = 40 + payloadLength;
        var next = ip[6];
        var offset = 40;
        for (var headers = 0; next != ProtocolUdp; headers++)
        {
            if (headers == MaxIPv6ExtensionHeaders)
            {
                return FrameVerdict.Malformed;
            }

            int length;
            switch (next)
            {
                case 0 or 43 or 60: // hop-by-hop, routing, destination options: (n + 1) × 8 bytes
                    if (ip.Length < offset + 2)
                    {
                        return shortVerdict;
                    }

                    length = (ip[offset + 1] + 1) * 8;
                    break;
                case 51: // authentication header: (n + 2) × 4 bytes
                    if (ip.Length < offset + 2)
                    {
                        return shortVerdict;
                    }

                    length = (ip[offset + 1] + 2) * 4;
                    break;
                case 44: // fragment header
                    if (ip.Length < offset + 8)
                    {
                        return shortVerdict;
                    }

                    if ((BinaryPrimitives.ReadUInt16BigEndian(ip[(offset + 2)..]) & 0xFFF9) != 0)
                    {
                        return ip[offset] == ProtocolUdp ? FrameVerdict.Fragment : FrameVerdict.NotUdp;
                    }

                    length = 8; // an atomic fragment (RFC 6946): the whole packet follows
                    break;
                default:
                    return FrameVerdict.NotUdp;
            }

            next = ip[offset];
            offset += length;
            if (offset > end)
            {
                return FrameVerdict.Malformed;
            }
        }

        if (end > ip.Length)
        {
            return shortVerdict;
        }

        var verdict = DecodeUdp(ip[offset..end], out var ports);
        udp = new UdpView(
            IsIPv6: true,
            BinaryPrimitives.ReadUInt128BigEndian(ip[8..]),
            ports.SourcePort,
            BinaryPrimitives.ReadUInt128BigEndian(ip[24..]),
            ports.DestinationPort,
            offset + ports.PayloadOffset,
            ports.PayloadLength);
        return verdict;
    }

    private static FrameVerdict DecodeUdp(ReadOnlySpan<byte> datagram, out UdpView ports)
    {
        ports = default;
        if (datagram.Length < UdpHeaderLength)
        {
            return FrameVerdict.Malformed;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        if (length < UdpHeaderLength || length > datagram.Length)
        {
            return FrameVerdict.Malformed;
        }

        ports = new UdpView(
            IsIPv6: false,
            SourceAddress: 0,
            BinaryPrimitives.ReadUInt16BigEndian(datagram),
            DestinationAddress: 0,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            UdpHeaderLength,
            length - UdpHeaderLength);
        return FrameVerdict.Udp;
    }
}
