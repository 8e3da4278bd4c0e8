using System.Net;
using System.Text;

namespace CallActors.Capture.Tests;

/// <summary>
/// Real captures: sipp calls on loopback (Ethernet, classic pcap), the same file rewritten by editcap as pcapng, and
/// dumpcap captures on lo and "any" (capture-fixtures.sh). Expected values come from tshark 4.0.17
/// (<c>tshark -r FILE -T fields -e frame.time_epoch -e ip.src -e udp.srcport ...</c>), not from this reader.
/// </summary>
public sealed class FixtureTests
{
    private static readonly IPEndPoint Caller = IPEndPoint.Parse("127.0.0.42:5060");
    private static readonly IPEndPoint Callee = IPEndPoint.Parse("127.0.0.41:5070");
    private static readonly IPEndPoint CallerRtp = IPEndPoint.Parse("127.0.0.42:6000");
    private static readonly IPEndPoint CalleeRtp = IPEndPoint.Parse("127.0.0.41:16000");

    [Fact]
    public void A_sipp_call_with_RTP_has_the_flows_tshark_counts()
    {
        using var reader = PcapReader.Open(Fixtures.Path("capture_call_rtpstream.pcap"));
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Equal(PcapFormat.Pcap, reader.Format);
        Assert.Null(reader.Error);
        Assert.Equal(new PcapStatistics(627, 627, 0, 0, 0, 0, 0, 0), reader.Statistics);
        var flows = Flows(datagrams);
        Assert.Equal(310, flows[(CalleeRtp, CallerRtp)]);
        Assert.Equal(310, flows[(CallerRtp, CalleeRtp)]);
        Assert.Equal(4, flows[(Callee, Caller)]);
        Assert.Equal(3, flows[(Caller, Callee)]);
        Assert.Equal(1_795_242_741_421_433_000, datagrams[0].TimestampUnixNanos);
        Assert.Equal(1_795_242_748_932_445_000, datagrams[^1].TimestampUnixNanos);
        Assert.Equal(616 - 8, datagrams[0].Payload.Length);
        Assert.StartsWith("INVITE sip:service@127.0.0.41:5070 SIP/2.0\r\n", Encoding.ASCII.GetString(datagrams[0].Payload.Span), StringComparison.Ordinal);
        Assert.Equal(106_132, datagrams.Sum(d => d.Payload.Length));
    }

    [Fact]
    public void A_sipp_REFER_and_NOTIFY_exchange_has_six_datagrams_each_way()
    {
        var datagrams = PcapReader.ReadAllDatagrams(Fixtures.Path("capture_refer_notify.pcap"));

        Assert.Equal(12, datagrams.Count);
        var flows = Flows(datagrams);
        Assert.Equal(6, flows[(Caller, Callee)]);
        Assert.Equal(6, flows[(Callee, Caller)]);
        Assert.Equal(1_795_242_814_984_777_000, datagrams[0].TimestampUnixNanos);
        Assert.Equal(1_795_242_815_797_842_000, datagrams[^1].TimestampUnixNanos);
    }

    [Fact]
    public void The_pcapng_editcap_wrote_from_a_pcap_holds_the_same_datagrams()
    {
        using var reader = PcapReader.Open(Fixtures.Path("refer_notify.pcapng"));
        var fromPcapNg = reader.ReadDatagrams().ToList();
        var fromPcap = PcapReader.ReadAllDatagrams(Fixtures.Path("capture_refer_notify.pcap"));

        Assert.Equal(PcapFormat.PcapNg, reader.Format);
        Assert.Null(reader.Error);
        Assert.Equal(12, fromPcapNg.Count);
        for (var i = 0; i < fromPcap.Count; i++)
        {
            Assert.Equal(fromPcap[i].TimestampUnixNanos, fromPcapNg[i].TimestampUnixNanos);
            Assert.Equal(fromPcap[i].Source, fromPcapNg[i].Source);
            Assert.Equal(fromPcap[i].Destination, fromPcapNg[i].Destination);
            Assert.Equal(fromPcap[i].Payload.ToArray(), fromPcapNg[i].Payload.ToArray());
        }
    }

    [Theory]
    [InlineData("lo.pcapng", PcapLinkType.Ethernet, 1_795_255_234_110_741_618, 1_795_255_234_171_271_007, 1)]
    [InlineData("any_sll.pcap", PcapLinkType.LinuxSll, 1_795_255_235_451_194_000, 1_795_255_235_511_813_000, 0)]
    [InlineData("any_sll2.pcapng", PcapLinkType.LinuxSll2, 1_795_255_236_808_264_046, 1_795_255_236_869_163_327, 1)]
    public void Dumpcap_captures_yield_the_IPv4_and_IPv6_datagrams_and_skip_TCP(
        string file, PcapLinkType linkType, long first, long firstIPv6, int statisticsBlocks)
    {
        using var reader = PcapReader.Open(Fixtures.Path(file));
        var datagrams = reader.ReadDatagrams().ToList();

        Assert.Null(reader.Error);
        // dumpcap ends a pcapng file with an interface statistics block, which the reader skips.
        Assert.Equal(new PcapStatistics(7, 5, 2, 0, 0, 0, 0, statisticsBlocks), reader.Statistics);
        Assert.Equal(["v4-0", "v4-1", "v4-2"], datagrams.Take(3).Select(d => Encoding.ASCII.GetString(d.Payload.Span)));
        Assert.All(datagrams.Take(3), d => Assert.Equal(IPEndPoint.Parse("127.0.40.9:40001"), d.Source));
        Assert.All(datagrams.Take(3), d => Assert.Equal(IPEndPoint.Parse("127.0.40.8:40002"), d.Destination));
        Assert.All(datagrams.Skip(3), d => Assert.Equal(IPEndPoint.Parse("[::1]:40003"), d.Source));
        Assert.All(datagrams.Skip(3), d => Assert.Equal(IPEndPoint.Parse("[::1]:40004"), d.Destination));
        Assert.All(datagrams.Skip(3), d => Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), d.Payload.ToArray()));
        Assert.Equal(first, datagrams[0].TimestampUnixNanos);
        Assert.Equal(firstIPv6, datagrams[3].TimestampUnixNanos);

        using var frames = PcapReader.Open(Fixtures.Path(file));
        Assert.All(frames.ReadFrames(), f => Assert.Equal(linkType, f.LinkType));
    }

    [Fact]
    public void A_capture_with_a_64_byte_snapshot_length_counts_the_cut_IPv6_datagrams_as_truncated()
    {
        using var reader = PcapReader.Open(Fixtures.Path("lo_snaplen64.pcap"));
        var datagrams = reader.ReadDatagrams().ToList();

        // The three short IPv4 datagrams fit in 64 bytes; the 162-byte IPv6 ones were cut.
        Assert.Equal(3, datagrams.Count);
        Assert.Equal(new PcapStatistics(7, 3, 2, 0, 2, 0, 0, 0), reader.Statistics);
    }

    private static Dictionary<(IPEndPoint, IPEndPoint), int> Flows(List<CapturedDatagram> datagrams) =>
        datagrams.CountBy(d => (d.Source, d.Destination)).ToDictionary(p => p.Key, p => p.Value);
}
