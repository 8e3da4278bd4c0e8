using System.Buffers.Binary;

namespace CallActors.Capture.Tests;

public sealed class LinkLayerTests
{
    private static readonly byte[] V4 = Frames.Ip("v4"u8);
    private static readonly byte[] V6 = Frames.Ip("v6"u8, ipv6: true);

    [Theory]
    [InlineData(new ushort[0])]
    [InlineData(new ushort[] { 100 })]
    [InlineData(new ushort[] { 100, 200 })]
    public void Ethernet_frames_with_up_to_two_VLAN_tags_yield_their_datagram(ushort[] tags)
    {
        Assert.Equal("v4"u8.ToArray(), ReadOne(PcapLinkType.Ethernet, Frames.Ethernet(V4, tags)).Payload.ToArray());
        Assert.Equal(Frames.V6Destination, ReadOne(PcapLinkType.Ethernet, Frames.Ethernet(V6, tags)).Destination);
    }

    [Fact]
    public void Ethernet_padding_and_frame_check_sequence_stay_out_of_the_payload()
    {
        // A 46-byte minimum payload plus a 4-byte FCS: the IP total length tells where the packet ends.
        byte[] padded = [.. Frames.Ethernet(V4), .. new byte[60 - 14 - V4.Length], 0xDE, 0xAD, 0xBE, 0xEF];

        Assert.Equal("v4"u8.ToArray(), ReadOne(PcapLinkType.Ethernet, padded).Payload.ToArray());
    }

    [Theory]
    [InlineData(PcapLinkType.Raw)]
    [InlineData(PcapLinkType.RawBsd)]
    [InlineData(PcapLinkType.RawOpenBsd)]
    public void Raw_IP_link_types_carry_IPv4_and_IPv6(PcapLinkType linkType)
    {
        Assert.Equal(Frames.V4Source, ReadOne(linkType, V4).Source);
        Assert.Equal(Frames.V6Source, ReadOne(linkType, V6).Source);
    }

    [Theory]
    [InlineData(2u, false, false)] // AF_INET, little-endian host
    [InlineData(2u, true, false)] // AF_INET, big-endian host
    [InlineData(24u, false, true)] // AF_INET6 on NetBSD/OpenBSD
    [InlineData(28u, true, true)] // FreeBSD
    [InlineData(30u, false, true)] // macOS
    public void BSD_loopback_takes_the_address_family_in_either_byte_order(uint family, bool bigEndian, bool ipv6)
    {
        var header = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, family);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, family);
        }

        var datagram = ReadOne(PcapLinkType.Null, Frames.Prefixed(header, ipv6 ? V6 : V4));

        Assert.Equal(ipv6 ? Frames.V6Source : Frames.V4Source, datagram.Source);
    }

    [Fact]
    public void Linux_cooked_headers_v1_and_v2_carry_the_protocol_where_each_version_puts_it()
    {
        var sll = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(14), 0x86DD);
        var sll2 = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(sll2, 0x0800);

        Assert.Equal(Frames.V6Source, ReadOne(PcapLinkType.LinuxSll, Frames.Prefixed(sll, V6)).Source);
        Assert.Equal(Frames.V4Source, ReadOne(PcapLinkType.LinuxSll2, Frames.Prefixed(sll2, V4)).Source);
    }

    [Fact]
    public void IPv4_fragments_are_counted_and_skipped()
    {
        var first = (byte[])V4.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(first.AsSpan(6), 0x2000); // more fragments
        var later = (byte[])V4.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(later.AsSpan(6), 0x00B9); // offset 185 × 8

        var statistics = Read(PcapLinkType.Raw, first, later, V4);

        Assert.Equal(new PcapStatistics(3, 1, 0, 2, 0, 0, 0, 0), statistics);
    }

    [Fact]
    public void IPv6_extension_headers_are_walked_and_fragments_counted()
    {
        var statistics = Read(
            PcapLinkType.Raw,
            WithExtension(V6, nextHeader: 0, [17, 0, 1, 4, 0, 0, 0, 0]), // hop-by-hop (PadN), then UDP
            WithExtension(V6, nextHeader: 44, [17, 0, 0x00, 0x01, 0, 0, 0, 7]), // first fragment of several
            WithExtension(V6, nextHeader: 44, [17, 0, 0x00, 0x00, 0, 0, 0, 8])); // atomic fragment: whole

        Assert.Equal(new PcapStatistics(3, 2, 0, 1, 0, 0, 0, 0), statistics);
    }

    [Fact]
    public void Other_protocols_and_link_types_are_counted_and_skipped()
    {
        var tcp = (byte[])V4.Clone();
        tcp[9] = 6;
        byte[] arp = [.. new byte[12], 0x08, 0x06, .. new byte[28]];

        Assert.Equal(new PcapStatistics(2, 0, 2, 0, 0, 0, 0, 0), Read(PcapLinkType.Ethernet, Frames.Ethernet(tcp), arp));
        Assert.Equal(new PcapStatistics(1, 0, 0, 0, 0, 0, 1, 0), Read((PcapLinkType)105, V4)); // 802.11
    }

    [Fact]
    public void Headers_that_contradict_the_record_are_malformed()
    {
        var longerThanRecord = (byte[])V4.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(longerThanRecord.AsSpan(2), 1000);
        var udpLongerThanIp = (byte[])V4.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(udpLongerThanIp.AsSpan(24), 100);
        var badHeaderLength = (byte[])V4.Clone();
        badHeaderLength[0] = 0x44;

        var statistics = Read(PcapLinkType.Raw, longerThanRecord, udpLongerThanIp, badHeaderLength, [], [0x45]);

        Assert.Equal(new PcapStatistics(5, 0, 0, 0, 0, 5, 0, 0), statistics);
    }

    private static CapturedDatagram ReadOne(PcapLinkType linkType, byte[] frame)
    {
        using var reader = PcapBuilder.Classic(bigEndian: false, nanoseconds: false, linkType).Record(1, 2, frame).Reader();
        Assert.True(reader.TryReadDatagram(out var datagram), $"no datagram: {reader.Statistics}");
        return datagram;
    }

    private static PcapStatistics Read(PcapLinkType linkType, params byte[][] frames)
    {
        var builder = PcapBuilder.Classic(bigEndian: false, nanoseconds: false, linkType);
        foreach (var frame in frames)
        {
            builder.Record(1, 2, frame);
        }

        using var reader = builder.Reader();
        _ = reader.ReadDatagrams().Count();
        Assert.Null(reader.Error);
        return reader.Statistics;
    }

    // Inserts one extension header after the fixed IPv6 header, fixing the next-header chain and the payload length.
    private static byte[] WithExtension(byte[] ipv6, byte nextHeader, byte[] extension)
    {
        byte[] packet = [.. ipv6[..40], .. extension, .. ipv6[40..]];
        packet[6] = nextHeader;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));
        return packet;
    }
}
