using System.Buffers.Binary;

namespace CallActors.Capture.Tests;

public sealed class PcapWriterTests
{
    private const long Time = 1_795_242_741_421_433_123; // 2026-11-20, with a nanosecond part

    [Fact]
    public void Raw_IPv4_datagrams_read_back_with_their_endpoints_payloads_and_microsecond_times()
    {
        var datagrams = RoundTrip(PcapLinkType.Raw, PcapTimestampResolution.Microseconds, ipv6: false);

        Assert.Equal(3, datagrams.Count);
        for (var i = 0; i < datagrams.Count; i++)
        {
            Assert.Equal(Frames.V4Source, datagrams[i].Source);
            Assert.Equal(Frames.V4Destination, datagrams[i].Destination);
            Assert.Equal(Payload(i), datagrams[i].Payload.ToArray());
            // Microsecond files drop the last three digits.
            Assert.Equal(((Time / 1_000) * 1_000) + (i * 20_000_000L), datagrams[i].TimestampUnixNanos);
        }
    }

    [Fact]
    public void Ethernet_IPv6_datagrams_read_back_with_nanosecond_times()
    {
        var datagrams = RoundTrip(PcapLinkType.Ethernet, PcapTimestampResolution.Nanoseconds, ipv6: true);

        Assert.Equal(3, datagrams.Count);
        Assert.All(datagrams, d => Assert.Equal(Frames.V6Source, d.Source));
        Assert.All(datagrams, d => Assert.Equal(Frames.V6Destination, d.Destination));
        Assert.Equal([Time, Time + 20_000_000, Time + 40_000_000], datagrams.Select(d => d.TimestampUnixNanos));
        Assert.Equal(Payload(2), datagrams[2].Payload.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Written_IP_and_UDP_checksums_verify(bool ipv6)
    {
        foreach (var length in new[] { 0, 1, 160, 1401 })
        {
            var packet = Frames.Ip(Payload(length % 7, length), ipv6);
            var udpOffset = ipv6 ? 40 : 20;
            if (!ipv6)
            {
                Assert.Equal(0xFFFFu, OnesComplementSum(packet.AsSpan(0, 20)));
            }

            // Receivers check UDP by summing pseudo-header, header and payload, the checksum included: all ones.
            var addresses = ipv6 ? packet.AsSpan(8, 32) : packet.AsSpan(12, 8);
            var udpLength = packet.Length - udpOffset;
            var pseudo = OnesComplementSum(addresses) + 17u + (uint)udpLength;
            Assert.Equal(0xFFFFu, Fold(pseudo + OnesComplementSum(packet.AsSpan(udpOffset))));
            Assert.Equal(udpLength, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(udpOffset + 4)));
        }
    }

    [Fact]
    public void The_checksum_matches_RFC_1071_and_a_kernel_written_IPv4_header()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
        Assert.Equal(0x220D, InternetChecksum.Complete(InternetChecksum.Add(0, [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7])));

        // The first packet of lo.pcapng, as Linux wrote it: tshark reports its header checksum 0x2750 as good.
        using var reader = PcapReader.Open(Fixtures.Path("lo.pcapng"));
        var frame = reader.ReadFrames().First().Data.ToArray();
        var header = frame.AsSpan(14, 20);
        Assert.Equal(0x2750, BinaryPrimitives.ReadUInt16BigEndian(header[10..]));
        header[10] = 0;
        header[11] = 0;
        Assert.Equal(0x2750, InternetChecksum.Complete(InternetChecksum.Add(0, header)));
    }

    [Fact]
    public void Payloads_stay_intact_across_many_reads_because_the_reader_never_reuses_a_returned_buffer()
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            for (var i = 0; i < 500; i++)
            {
                writer.WriteDatagram(Time + i, Frames.V4Source, Frames.V4Destination, Payload(i, 1200));
            }
        }

        stream.Position = 0;
        using var reader = new PcapReader(stream);
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Equal(500, datagrams.Count);
        for (var i = 0; i < datagrams.Count; i++)
        {
            Assert.Equal(Payload(i, 1200), datagrams[i].Payload.ToArray());
        }

        Assert.Null(reader.Error);
        Assert.Equal(new PcapStatistics(500, 500, 0, 0, 0, 0, 0, 0), reader.Statistics);
    }

    [Fact]
    public void Records_cut_by_the_snapshot_length_count_as_truncated()
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            var packet = Frames.Ip(Payload(0, 160));
            writer.WriteFrame(Time, packet);
            writer.WriteFrame(Time, packet.AsSpan(0, 64), packet.Length);
            writer.WriteFrame(Time, packet.AsSpan(0, 24), packet.Length); // inside the UDP header
        }

        stream.Position = 0;
        using var reader = new PcapReader(stream);

        Assert.Single(reader.ReadDatagrams());
        Assert.Equal(2, reader.Statistics.Truncated);
    }

    [Fact]
    public void Datagrams_need_a_raw_IP_or_Ethernet_file_and_one_address_family()
    {
        using var nullFile = new PcapWriter(new MemoryStream(), PcapLinkType.Null);
        Assert.Throws<InvalidOperationException>(() => nullFile.WriteDatagram(0, Frames.V4Source, Frames.V4Destination, []));

        using var raw = new PcapWriter(new MemoryStream());
        Assert.Throws<ArgumentException>(() => raw.WriteDatagram(0, Frames.V4Source, Frames.V6Destination, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => raw.WriteDatagram(-1, Frames.V4Source, Frames.V4Destination, []));
    }

    private static List<CapturedDatagram> RoundTrip(PcapLinkType linkType, PcapTimestampResolution resolution, bool ipv6)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, linkType, resolution, leaveOpen: true))
        {
            for (var i = 0; i < 3; i++)
            {
                writer.WriteDatagram(
                    Time + (i * 20_000_000L),
                    ipv6 ? Frames.V6Source : Frames.V4Source,
                    ipv6 ? Frames.V6Destination : Frames.V4Destination,
                    Payload(i));
            }
        }

        stream.Position = 0;
        using var reader = new PcapReader(stream);
        var datagrams = reader.ReadDatagrams().ToList();
        Assert.Null(reader.Error);
        return datagrams;
    }

    private static byte[] Payload(int seed, int length = 172) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)((i * 7) + seed))];

    private static uint OnesComplementSum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8) + (i + 1 < data.Length ? data[i + 1] : 0u);
        }

        return Fold(sum);
    }

    private static uint Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }
}
