using CallActors.Media.Monitoring;
using CallActors.Media.Packets;
using static CallActors.Media.Tests.Monitoring.MediaLegMonitorTests;
using static CallActors.Media.Tests.Monitoring.Traffic;

namespace CallActors.Media.Tests.Monitoring;

// What a leg reports over RTCP about the stream we send it. RTT vector: RFC 3550 §6.4.1's example
// (A − LSR = 0xB710_8000 − 0xB705_2000 = 11.375 s, DLSR 0x0005_4000 = 5.25 s → 6.125 s), with A − LSR measured
// on our own clock as the time between forwarding the SR and receiving the RR (reference §5.1).
public sealed class MediaLegMonitorRtcpTests
{
    private const uint OurSsrc = 0xB0B0B0B0;
    private const uint LegReporter = 0xA1A1A1A1;
    private const ulong SenderReportNtp = 0x0000_B705_2000_0000; // middle 32 bits 0xB705_2000
    private const uint SenderReportMiddle = 0xB705_2000;
    private const uint FiveAndAQuarterSeconds = 0x0005_4000;
    private const long ForwardedAt = T0 + (10_000 * NanosPerMs);

    [Fact]
    public void A_receiver_report_echoing_a_forwarded_sender_report_gives_the_round_trip_and_our_loss_and_jitter()
    {
        var monitor = MonitorSendingPcmu();
        monitor.OnOutboundRtcp(SenderReport(OurSsrc, SenderReportNtp), ForwardedAt);
        Assert.Null(monitor.Snapshot().RemoteRtcp);

        var block = new RtcpReportBlock(OurSsrc, 64, 7, 0x0001_0010, 80, SenderReportMiddle, FiveAndAQuarterSeconds);
        var arrival = ForwardedAt + (11_375 * NanosPerMs);
        monitor.OnInboundRtcp(ReceiverReport(LegReporter, block), arrival);

        Assert.Equal(6125, monitor.RoundTripMilliseconds);
        var remote = monitor.Snapshot().RemoteRtcp!;
        Assert.Equal((1L, 1L, 0.25, 7), (remote.RtcpPacketsReceived, remote.ReportsReceived, remote.FractionLost!.Value, remote.CumulativeLost!.Value));
        Assert.Equal(10, remote.InterarrivalJitterMilliseconds); // 80 ticks of our PCMU's 8 kHz clock
        Assert.Equal(6125, remote.RoundTripMilliseconds);
        Assert.Equal(arrival, remote.LastReportUnixNanos);
        Assert.Null(remote.XrRFactor);
    }

    [Fact]
    public void The_round_trip_halved_is_the_e_model_delay_when_none_is_given()
    {
        var monitor = MonitorSendingPcmu();
        FeedPcmu(monitor, 100);
        monitor.OnOutboundRtcp(SenderReport(OurSsrc, SenderReportNtp), ForwardedAt);
        var block = new RtcpReportBlock(OurSsrc, 0, 0, 0, 0, SenderReportMiddle, 0x0001_0000); // held 1 s
        monitor.OnInboundRtcp(ReceiverReport(LegReporter, block), ForwardedAt + (1_300 * NanosPerMs));

        var g107 = monitor.Snapshot().Inbound.G107!;
        Assert.Equal((150.0, "rtt"), (g107.OneWayDelayMilliseconds, g107.DelaySource));
        Assert.Equal(93.2 - 0.1635, g107.R, 4);
    }

    [Fact]
    public void Only_a_recently_forwarded_sender_report_is_matched()
    {
        var monitor = MonitorSendingPcmu();
        for (var i = 0; i < 10; i++)
        {
            monitor.OnOutboundRtcp(SenderReport(OurSsrc, SenderReportNtp + ((ulong)i << 32)), ForwardedAt + (i * 1000 * NanosPerMs));
        }

        // The first forwarded SR has left the ring of the last 8; the 8th (i = 7) is still there.
        monitor.OnInboundRtcp(ReceiverReport(LegReporter, Block(SenderReportMiddle, 0)), ForwardedAt + (20_000 * NanosPerMs));
        Assert.Null(monitor.RoundTripMilliseconds);

        var seventh = SenderReportMiddle + (7u << 16);
        monitor.OnInboundRtcp(ReceiverReport(LegReporter, Block(seventh, 0x0000_8000)), ForwardedAt + (7_600 * NanosPerMs));
        Assert.Equal(100, monitor.RoundTripMilliseconds); // 600 ms since forwarding, held 500 ms
    }

    [Fact]
    public void Reports_without_a_sender_report_or_about_another_source_give_no_round_trip_or_no_figures()
    {
        var monitor = MonitorSendingPcmu();
        monitor.OnOutboundRtcp(SenderReport(OurSsrc, SenderReportNtp), ForwardedAt);

        monitor.OnInboundRtcp(ReceiverReport(LegReporter, Block(lastSenderReport: 0, 0)), ForwardedAt + (100 * NanosPerMs));
        Assert.Null(monitor.RoundTripMilliseconds);
        Assert.Equal(1, monitor.Snapshot().RemoteRtcp!.ReportsReceived);

        // A block about a source we never sent: not our stream, though its echo still times the path.
        var other = new RtcpReportBlock(0xDEADBEEF, 255, 999, 0, 0, SenderReportMiddle, 0);
        monitor.OnInboundRtcp(ReceiverReport(LegReporter, other), ForwardedAt + (40 * NanosPerMs));
        var remote = monitor.Snapshot().RemoteRtcp!;
        Assert.Equal((2L, 1L, 0), (remote.RtcpPacketsReceived, remote.ReportsReceived, remote.CumulativeLost!.Value));
        Assert.Equal(40, remote.RoundTripMilliseconds);

        // An echo from 11 s ago is not a round trip.
        monitor.OnInboundRtcp(ReceiverReport(LegReporter, Block(SenderReportMiddle, 0)), ForwardedAt + (11_000 * NanosPerMs));
        Assert.Equal(40, monitor.RoundTripMilliseconds);
    }

    [Fact]
    public void Xr_voip_metrics_about_our_stream_are_captured_and_unavailable_reads_null()
    {
        var monitor = MonitorSendingPcmu();
        monitor.OnInboundRtcp(Compound(ReceiverReport(LegReporter, Block(0, 0)), VoipMetrics(LegReporter, OurSsrc, 80, 39, 38)), ForwardedAt);

        var remote = monitor.Snapshot().RemoteRtcp!;
        Assert.Equal((80, 3.9, 3.8), (remote.XrRFactor!.Value, remote.XrMosLq!.Value, remote.XrMosCq!.Value));

        monitor.OnInboundRtcp(VoipMetrics(LegReporter, 0xDEADBEEF, 20, 15, 14), ForwardedAt); // another source: ignored
        Assert.Equal(80, monitor.Snapshot().RemoteRtcp!.XrRFactor);

        monitor.OnInboundRtcp(VoipMetrics(LegReporter, OurSsrc, 127, 127, 127), ForwardedAt); // PJSIP's defaults
        remote = monitor.Snapshot().RemoteRtcp!;
        Assert.Null(remote.XrRFactor);
        Assert.Null(remote.XrMosLq);
        Assert.Null(remote.XrMosCq);
    }

    private static MediaLegMonitor MonitorSendingPcmu()
    {
        var monitor = Monitor();
        for (var i = 0; i < 20; i++)
        {
            monitor.OnOutboundRtp(Rtp(0, (ushort)i, (uint)(160 * i), OurSsrc));
        }

        return monitor;
    }

    private static RtcpReportBlock Block(uint lastSenderReport, uint delaySinceLastSenderReport) =>
        new(OurSsrc, 0, 0, 0, 0, lastSenderReport, delaySinceLastSenderReport);
}
