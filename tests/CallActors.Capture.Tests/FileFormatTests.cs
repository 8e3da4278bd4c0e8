namespace CallActors.Capture.Tests;

/// <summary>The container formats in both byte orders, built by hand: what tshark writes on this machine is little-endian only.</summary>
public sealed class FileFormatTests
{
    private static readonly byte[] Packet = Frames.Ip("rtp"u8);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Classic_pcap_reads_in_both_byte_orders_with_micro_or_nanosecond_times(bool bigEndian, bool nanoseconds)
    {
        var fraction = nanoseconds ? 123_456_789u : 123_456u;
        using var reader = PcapBuilder.Classic(bigEndian, nanoseconds, PcapLinkType.Raw)
            .Record(1_700_000_000, fraction, Packet)
            .Reader();

        Assert.True(reader.TryReadDatagram(out var datagram));
        Assert.Equal(nanoseconds ? 1_700_000_000_123_456_789 : 1_700_000_000_123_456_000, datagram.TimestampUnixNanos);
        Assert.Equal(Frames.V4Source, datagram.Source);
        Assert.Equal("rtp"u8.ToArray(), datagram.Payload.ToArray());
        Assert.False(reader.TryReadDatagram(out _));
        Assert.Null(reader.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pcapng_reads_in_both_byte_orders_with_the_interface_time_resolution_and_offset(bool bigEndian)
    {
        using var reader = PcapBuilder.PcapNg(bigEndian)
            .Interface(PcapLinkType.Raw) // default: microseconds
            .Interface(PcapLinkType.Ethernet, resolution: 9)
            .Interface(PcapLinkType.Raw, resolution: 3, offsetSeconds: 1_700_000_000)
            .Interface(PcapLinkType.Raw, resolution: 0x80 | 10) // 2^-10 s
            .Enhanced(0, 1_700_000_000_123_456, Packet)
            .Enhanced(1, 1_700_000_000_123_456_789, Frames.Ethernet(Packet))
            .Enhanced(2, 1_500, Packet)
            .Enhanced(3, 1_024 * 1_700_000_000UL + 512, Packet)
            .Reader();
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Null(reader.Error);
        Assert.Equal(
            [1_700_000_000_123_456_000, 1_700_000_000_123_456_789, 1_700_000_001_500_000_000, 1_700_000_000_500_000_000],
            datagrams.Select(d => d.TimestampUnixNanos));
        Assert.All(datagrams, d => Assert.Equal("rtp"u8.ToArray(), d.Payload.ToArray()));
    }

    [Fact]
    public void Pcapng_skips_blocks_it_does_not_need_and_reads_simple_packet_blocks_without_a_time()
    {
        using var reader = PcapBuilder.PcapNg(bigEndian: false)
            .Block(4, new byte[16]) // name resolution
            .Interface(PcapLinkType.Raw)
            .Block(5, new byte[20]) // interface statistics
            .Simple(Packet)
            .Block(0x0000_0BAD, "custom"u8) // custom block
            .Block(10, new byte[4]) // decryption secrets
            .Enhanced(0, 5, Packet)
            .Reader();
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Equal([0L, 5_000L], datagrams.Select(d => d.TimestampUnixNanos));
        Assert.Equal(new PcapStatistics(2, 2, 0, 0, 0, 0, 0, 4), reader.Statistics);
    }

    [Fact]
    public void A_new_pcapng_section_switches_byte_order_and_starts_its_own_interface_list()
    {
        using var reader = PcapBuilder.PcapNg(bigEndian: false)
            .Interface(PcapLinkType.Raw)
            .Interface(PcapLinkType.Raw)
            .Enhanced(1, 1, Packet)
            .Section(bigEndian: true)
            .Interface(PcapLinkType.Ethernet, resolution: 9)
            .Enhanced(1, 2, Packet) // interface 1 belonged to the first section: malformed
            .Enhanced(0, 3, Frames.Ethernet(Packet))
            .Reader();
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Equal([1_000L, 3L], datagrams.Select(d => d.TimestampUnixNanos));
        Assert.Equal(1, reader.Statistics.Malformed);
        Assert.Null(reader.Error);
    }

    [Fact]
    public void Frames_report_their_link_type_and_original_length()
    {
        using var reader = PcapBuilder.PcapNg(bigEndian: true)
            .Interface(PcapLinkType.LinuxSll2)
            .Enhanced(0, 0, new byte[30], originalLength: 1500)
            .Reader();

        Assert.True(reader.TryReadFrame(out var frame));
        Assert.Equal(PcapLinkType.LinuxSll2, frame.LinkType);
        Assert.Equal(1500, frame.OriginalLength);
        Assert.Equal(30, frame.Data.Length);
        Assert.True(frame.IsCut);
    }
}
