using System.Net;
using CallActors.Capture;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.Media;

/// <summary>
/// tshark as an independent judge of what we write: generated RTP streams, written with <see cref="PcapWriter"/> at
/// their scheduled times, must show tshark the packets and losses the generator designed.
/// </summary>
public sealed class TsharkOracleTests(ITestOutputHelper output)
{
    // 2026-01-01T00:00:00Z: a fixed capture start keeps the files reproducible.
    private const long CaptureStart = 1_767_225_600_000_000_000;
    private static readonly IPEndPoint Caller = IPEndPoint.Parse("127.0.41.3:40000");
    private static readonly IPEndPoint Callee = IPEndPoint.Parse("127.0.41.2:40002");

    [PeerFact("tshark", "tshark")]
    public void Tshark_counts_the_packets_and_losses_the_generator_designed_in_each_SSRC()
    {
        Peers.Require("tshark", "tshark");
        // Caller to callee: random and burst losses, send jitter, a sequence wrap (65400 + 250).
        var outbound = RtpStreamGenerator.Generate(
            new RtpStreamProfile
            {
                StartSequence = 65_400,
                Ssrc = 0x1111_1111,
                LossProbability = 0.02,
                BurstLosses = [new RtpBurstLoss(100, 3), new RtpBurstLoss(131, 2)],
                MaxSendJitter = TimeSpan.FromMilliseconds(6),
            },
            seed: 20_260_101);
        // Callee to caller: a swap, a duplicate, an SSRC change, then a DTMF digit near the end.
        var inbound = RtpStreamGenerator.Generate(
            new RtpStreamProfile
            {
                StartSequence = 65_500,
                Ssrc = 0x2222_2222,
                ReorderSwaps = [150],
                Duplicates = [180, 181],
                SsrcChangeIndex = 200,
                DtmfEvents = [new RtpDtmfEvent(238, 8)],
                MaxSendJitter = TimeSpan.FromMilliseconds(3),
            },
            seed: 4_733);
        Assert.True(outbound.RandomlyDropped > 0, "the seed should drop some packets at random");
        using var directory = new TempDirectory();
        var pcap = directory.File("designed.pcap");
        WritePcap(pcap, (outbound, Caller, Callee), (inbound, Callee, Caller));

        var streams = TsharkRtpStreams.Analyze(pcap, Caller.Port, Callee.Port);
        foreach (var stream in streams)
        {
            output.WriteLine(stream.ToString());
        }

        // One row per SSRC, each with the generator's counts.
        var expected = outbound.Sources.Select(s => (Truth: s, From: Caller, To: Callee))
            .Concat(inbound.Sources.Select(s => (Truth: s, From: Callee, To: Caller)))
            .ToList();
        Assert.Equal(expected.Select(e => e.Truth.Ssrc).Order(), streams.Select(s => s.Ssrc).Order());
        foreach (var (truth, from, to) in expected)
        {
            var row = streams.Single(s => s.Ssrc == truth.Ssrc);
            // tshark 4.0 counts loss up to the last packet, not the highest: the streams end in order.
            Assert.Equal(truth.Lost, truth.LostCountedToLastPacket);
            Assert.Equal((truth.PacketsSent, truth.Lost), (row.Packets, row.Lost));
            Assert.Equal((from, to), (row.Source, row.Destination));
            // tshark prints one decimal; its rounding of a half need not be .NET's.
            var percent = 100.0 * truth.Lost / truth.Expected;
            Assert.InRange(row.LostPercent, percent - 0.051, percent + 0.051);
            Assert.Equal(truth.Lost != 0 || truth.Duplicated > 0, row.HasProblems);
        }

        Assert.Equal(outbound.Dropped, streams.Single(s => s.Ssrc == 0x1111_1111).Lost);
        Assert.Equal(-2, streams.Single(s => s.Ssrc == 0x2222_2222).Lost); // two duplicates, nothing lost
        Assert.Equal("g711U", streams.Single(s => s.Ssrc == 0x1111_1111).Payload);
        Assert.Equal("g711U, rtpevent", streams.Single(s => s.Ssrc == inbound.Sources[1].Ssrc).Payload);
    }

    [PeerFact("tshark", "tshark")]
    public void Tshark_finds_the_IP_and_UDP_checksums_PcapWriter_computes_correct()
    {
        var tshark = Peers.Require("tshark", "tshark");
        using var directory = new TempDirectory();
        var pcap = directory.File("checksums.pcap");
        using (var writer = PcapWriter.Create(pcap, PcapLinkType.Ethernet, PcapTimestampResolution.Nanoseconds))
        {
            var random = new Random(1071);
            for (var i = 0; i < 200; i++)
            {
                var payload = new byte[random.Next(0, 1400)];
                random.NextBytes(payload);
                var (from, to) = i % 2 == 0
                    ? (Caller, Callee)
                    : (IPEndPoint.Parse("[2001:db8::3]:40000"), IPEndPoint.Parse("[2001:db8::2]:40002"));
                writer.WriteDatagram(CaptureStart + (i * 1_000_000L), from, to, payload);
            }
        }

        var (exitCode, stdout, stderr) = ToolRun.Run(
            tshark,
            ["-n", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields",
                "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "udp.length", "-e", "frame.time_epoch"],
            TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal(200, rows.Count);
        // Wireshark's checksum status: 0 bad, 1 good, 2 unverified; IPv6 has no header checksum.
        Assert.All(rows.Where((_, i) => i % 2 == 0), r => Assert.Equal(["1", "1"], r[..2]));
        Assert.All(rows.Where((_, i) => i % 2 == 1), r => Assert.Equal(["", "1"], r[..2]));
        Assert.Equal("1767225600.199000000", rows[^1][3]);
    }

    // Writes the streams' packets in time order, each at the capture start plus its scheduled offset.
    private static void WritePcap(string path, params (GeneratedRtpStream Stream, IPEndPoint From, IPEndPoint To)[] streams)
    {
        var packets = streams
            .SelectMany(s => s.Stream.Schedule.Select(p => (p.Offset, p.Bytes, s.From, s.To)))
            .OrderBy(p => p.Offset);
        using var writer = PcapWriter.Create(path, PcapLinkType.Ethernet, PcapTimestampResolution.Nanoseconds);
        foreach (var (offset, bytes, from, to) in packets)
        {
            writer.WriteDatagram(CaptureStart + (offset.Ticks * 100), from, to, bytes.Span);
        }
    }
}
