using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallActors.Capture;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Media.Monitoring;
using CallActors.Media.Packets;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.Media;

/// <summary>
/// Wireshark as the judge of the node's media figures. During a real sipp call through a running node, the test's own
/// senders push generated RTP streams (random and burst loss, send-time jitter, a sequence wrap, a reordered pair,
/// duplicates, an SSRC change, an RFC 4733 digit) into the relay's ports while dumpcap captures lo. For every stream
/// tshark's <c>rtp,streams</c> row must agree with what the node recorded (its final <c>media-stats-sampled</c>
/// event): Lost exactly; max delta, max jitter and mean jitter within 0.5 % or 0.01 ms. The same must hold for our
/// monitor fed offline from the captured file.
/// </summary>
public sealed class RelayOracleTests(ITestOutputHelper output)
{
    private const int PortMin = 32000;
    private const int PortMax = 32099;
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [PeerFact("sipp", "sip-tester", "tshark", "tshark")]
    public void Streams_relayed_during_a_sipp_call_agree_with_tsharks_rtp_analysis()
    {
        Peers.Require("sipp", "sip-tester");
        Peers.Require("tshark", "tshark");
        var net = Loopback.Claim(20);
        var callerSender = new IPEndPoint(IPAddress.Parse("127.0.20.5"), 40000);
        var calleeSender = new IPEndPoint(IPAddress.Parse("127.0.20.6"), 40002);
        var (callerStream, calleeStream) = GenerateStreams();

        using var directory = new TempDirectory();
        var settings = new NodeSettings
        {
            Address = net.Node,
            Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070")],
            MediaPortMin = PortMin,
            MediaPortMax = PortMax,
        };
        using var node = InteropNode.Start(directory.Path, settings);
        using var capture = LoopbackCapture.Start(
            directory.File("relay.pcapng"),
            $"udp and host {net.Node} and portrange {PortMin}-{PortMax}",
            new IPEndPoint(IPAddress.Parse("127.0.20.9"), 40009),
            new IPEndPoint(IPAddress.Parse(net.Node), PortMax - 1),
            Wait);
        string callId;
        int callerPort, calleePort;
        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout, "-sf", Sipp.Scenario("uas_media_oracle.xml"), "-m", "1"))
        {
            callee.WaitUntilListening();
            using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout,
                node.SipAddress, "-sf", Sipp.Scenario("uac_media_oracle.xml"), "-m", "1", "-d", "12000");
            callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
            (callerPort, calleePort) = RelayPorts(node, callId);
            output.WriteLine($"call {callId}: relay caller-leg port {callerPort}, callee-leg port {calleePort}");

            var relay = IPAddress.Parse(net.Node);
            var sends = new[]
            {
                Task.Run(() => RtpStreamSender.Send(callerStream.Schedule, callerSender, new IPEndPoint(relay, callerPort), CancellationToken.None)),
                Task.Run(() => RtpStreamSender.Send(calleeStream.Schedule, calleeSender, new IPEndPoint(relay, calleePort), CancellationToken.None)),
            };
            Task.WaitAll(sends);
            output.WriteLine($"senders: {sends[0].Result}; {sends[1].Result}");
            caller.WaitForExit().AssertSucceeded();
            callee.WaitForExit().AssertSucceeded();
        }

        var pcap = capture.Stop(Wait);
        var ended = node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        node.Stop();
        var media = FinalMedia(node.ReadEvents(callId));
        var rows = TsharkRtpStreams.Analyze(pcap, callerPort, calleePort);
        foreach (var row in rows)
        {
            output.WriteLine(row.ToString());
        }

        var offline = OfflineFigures(pcap, (callerSender, callerPort), (calleeSender, calleePort));
        var checkedStreams = 0;
        foreach (var (stream, sender, leg) in new[] { (callerStream, callerSender, "caller"), (calleeStream, calleeSender, "callee") })
        {
            foreach (var source in stream.Sources)
            {
                var row = rows.Single(r => r.Ssrc == source.Ssrc && r.Source.Equals(sender));
                Assert.Equal(source.PacketsSent, row.Packets);
                Assert.Equal(source.Lost, row.Lost);
                var live = NodeFigures(media, leg, source.Ssrc);
                output.WriteLine($"{leg} 0x{source.Ssrc:x8}: node {live}; offline {offline[source.Ssrc]}");
                AssertAgrees(row, live, $"node, {leg} leg, SSRC 0x{source.Ssrc:x8}");
                AssertAgrees(row, offline[source.Ssrc], $"offline, {leg} leg, SSRC 0x{source.Ssrc:x8}");
                checkedStreams++;
            }
        }

        Assert.Equal(3, checkedStreams);
        Assert.Equal("completed", ended?.Status);
    }

    /// <summary>Caller → relay: 2 % random loss, two bursts, up to 8 ms of send jitter, a sequence wrap. Callee → relay:
    /// a reordered pair, two duplicates, then an SSRC change and a DTMF digit in the new source's middle.</summary>
    private static (GeneratedRtpStream Caller, GeneratedRtpStream Callee) GenerateStreams()
    {
        var caller = RtpStreamGenerator.Generate(
            new RtpStreamProfile
            {
                PacketCount = 300,
                StartSequence = 65_400,
                Ssrc = 0x1111_1111,
                LossProbability = 0.02,
                BurstLosses = [new RtpBurstLoss(100, 3), new RtpBurstLoss(181, 5)],
                MaxSendJitter = TimeSpan.FromMilliseconds(8),
            },
            seed: 3550);
        var callee = RtpStreamGenerator.Generate(
            new RtpStreamProfile
            {
                PacketCount = 300,
                StartSequence = 65_500,
                Ssrc = 0x2222_2222,
                ReorderSwaps = [60],
                Duplicates = [90, 91],
                SsrcChangeIndex = 150,
                DtmfEvents = [new RtpDtmfEvent(220, 8)],
                MaxSendJitter = TimeSpan.FromMilliseconds(4),
            },
            seed: 4733);
        foreach (var (stream, source) in caller.Sources.Select(s => (caller, s)).Concat(callee.Sources.Select(s => (callee, s))))
        {
            // RFC 3550 probation starts counting at a source's second packet, tshark at its first: they agree on Lost
            // when the first two arrive in order. tshark 4.0 counts to the last packet: the streams end in order.
            var sequences = stream.Schedule.Select(p => p.Bytes.ToArray())
                .Where(b => BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(8)) == source.Ssrc)
                .Select(b => BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(2))).Take(2).ToArray();
            Assert.Equal([source.FirstSequence, (ushort)(source.FirstSequence + 1)], sequences);
            Assert.Equal(source.Lost, source.LostCountedToLastPacket);
        }
        Assert.True(caller.RandomlyDropped > 0, "the seed should drop some packets at random");
        return (caller, callee);
    }

    /// <summary>The relay ports the node gave each leg: the m= port of the 200 OK it sent the caller and of the INVITE it
    /// sent the callee, read from the call's dialogue in the running node's journal.</summary>
    private static (int Caller, int Callee) RelayPorts(InteropNode node, string callId)
    {
        var call = node.WaitForCall(callId, c => c.AnsweredAt is not null && c.Dialogue.Any(m => m.Leg == "callee" && !m.IsReceived), Wait);
        Assert.NotNull(call);
        var port = new Regex(@"^m=audio (\d+) ", RegexOptions.CultureInvariant);
        int PortIn(Func<DialogueMessage, bool> which) =>
            call.Dialogue.Where(which).SelectMany(m => m.Raw).Select(l => port.Match(l)).Where(m => m.Success)
                .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).First();
        return (
            PortIn(m => m.Leg == "caller" && !m.IsReceived && m.Label.StartsWith("SIP/2.0 200", StringComparison.Ordinal)),
            PortIn(m => m.Leg == "callee" && !m.IsReceived && m.Label.StartsWith("INVITE", StringComparison.Ordinal)));
    }

    /// <summary>The payload of the call's last media-stats-sampled event, which must be the final one.</summary>
    private static JsonElement FinalMedia(IReadOnlyList<JsonElement> events)
    {
        var sample = events.Last(e => e.GetProperty("manifest").GetString() == "media-stats-sampled").GetProperty("payload");
        Assert.True(sample.GetProperty("final").GetBoolean(), "the last media sample is not the final one");
        return sample.GetProperty("media");
    }

    /// <summary>The node's rfc3550 figures of one source of a leg's inbound stream: the current source or an earlier one.</summary>
    private static StreamFigures NodeFigures(JsonElement media, string leg, uint ssrc)
    {
        var inbound = media.GetProperty(leg).GetProperty("figures").GetProperty("inbound");
        if (inbound.GetProperty("ssrc").GetUInt32() == ssrc)
        {
            return StreamFigures.From(inbound.GetProperty("rfc3550"));
        }
        var earlier = inbound.GetProperty("earlierSources").EnumerateArray().Single(s => s.GetProperty("ssrc").GetUInt32() == ssrc);
        return StreamFigures.From(earlier.GetProperty("rfc3550"));
    }

    /// <summary>Our monitor fed from the capture file: each sender's packets to its relay port, in capture order.</summary>
    private static Dictionary<uint, StreamFigures> OfflineFigures(string pcap, params (IPEndPoint Sender, int RelayPort)[] streams)
    {
        var figures = new Dictionary<uint, StreamFigures>();
        var datagrams = PcapReader.ReadAllDatagrams(pcap);
        foreach (var (sender, relayPort) in streams)
        {
            var monitor = new MediaLegMonitor(new MediaMonitorOptions());
            monitor.SetNegotiated([new RtpMap(0, "PCMU", 8000), new RtpMap(101, "telephone-event", 8000)]);
            foreach (var datagram in datagrams)
            {
                if (datagram.Source.Equals(sender) && datagram.Destination.Port == relayPort)
                {
                    monitor.OnInboundRtp(datagram.Payload.Span, datagram.TimestampUnixNanos);
                }
            }
            var inbound = monitor.Snapshot().Inbound;
            foreach (var earlier in inbound.EarlierSources)
            {
                figures[earlier.Ssrc] = StreamFigures.From(earlier.Rfc3550);
            }
            figures[inbound.Ssrc!.Value] = StreamFigures.From(inbound.Rfc3550!);
        }
        return figures;
    }

    /// <summary>Lost exactly; the rest within 0.5 % or 0.01 ms (tshark prints three decimals).</summary>
    private static void AssertAgrees(TsharkRtpStream row, StreamFigures ours, string what)
    {
        Assert.True(row.Lost == ours.Lost, $"{what}: Lost {ours.Lost}, tshark {row.Lost}");
        Close(row.MaxDeltaMs, ours.MaxDeltaMs, "max delta");
        Close(row.MaxJitterMs, ours.MaxJitterMs, "max jitter");
        Close(row.MeanJitterMs, ours.MeanJitterMs, "mean jitter");

        void Close(double? theirs, double? mine, string figure)
        {
            Assert.True(theirs is not null && mine is not null, $"{what}: {figure} ours {mine}, tshark {theirs}");
            var tolerance = Math.Max(0.01, 0.005 * Math.Abs(theirs!.Value));
            Assert.True(Math.Abs(theirs.Value - mine!.Value) <= tolerance, $"{what}: {figure} ours {mine:F4} ms, tshark {theirs:F3} ms (tolerance {tolerance:F4})");
        }
    }

    private sealed record StreamFigures(long Lost, double? MaxDeltaMs, double? MaxJitterMs, double? MeanJitterMs)
    {
        public static StreamFigures From(Rfc3550Snapshot s) => new(s.Lost, s.DeltaMaxMilliseconds, s.JitterMaxMilliseconds, s.JitterMeanMilliseconds);

        public static StreamFigures From(JsonElement s) => new(
            s.GetProperty("lost").GetInt64(),
            Number(s, "deltaMaxMilliseconds"),
            Number(s, "jitterMaxMilliseconds"),
            Number(s, "jitterMeanMilliseconds"));

        private static double? Number(JsonElement e, string name) =>
            e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();
    }
}
