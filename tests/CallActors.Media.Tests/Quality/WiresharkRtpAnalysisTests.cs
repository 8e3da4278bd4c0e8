using CallActors.Media.Quality;

namespace CallActors.Media.Tests.Quality;

// Two kinds of golden values: small sequences computed by hand from the TShark 4.0 rules of
// reference/media-quality.md §4.3, and the columns TShark 4.0.17 printed (`tshark -r X.pcap -d udp.port==40002,rtp
// -q -z rtp,streams`) for pcaps holding exactly the packets TsharkScenario builds below (written by a throw-away
// script with the same formulas; µs timestamps).
public sealed class WiresharkRtpAnalysisTests
{
    private const int Clock = 8000;

    [Fact]
    public void Jitter_is_rfc3550_j_in_ms_and_the_means_divide_by_every_packet_but_the_first()
    {
        // §1.3's vector: J = 0, 2.5, 4.84375, 4.541015625 ts units = 0, 0.3125, 0.60546875, 0.567626953125 ms.
        var analysis = Feed(Packet(1, 0, 0), Packet(2, 160, 20), Packet(3, 320, 45), Packet(4, 480, 60), Packet(5, 640, 80));

        var figures = analysis.GetFigures();
        Assert.Equal(5, figures.Packets);
        Assert.Equal(0, figures.MinJitterMilliseconds);
        Assert.Equal(0.60546875, figures.MaxJitterMilliseconds!.Value, 12);
        // (0 + 0.3125 + 0.60546875 + 0.567626953125) / 4, accumulated the way Wireshark does.
        Assert.Equal(0.37139892578125, figures.MeanJitterMilliseconds!.Value, 12);
        Assert.Equal(15, figures.MinDeltaMilliseconds);
        Assert.Equal(20, figures.MeanDeltaMilliseconds!.Value, 12);
        Assert.Equal(25, figures.MaxDeltaMilliseconds);
        Assert.Equal(Clock, figures.ClockRate);
        Assert.Equal(0, figures.SequenceErrors);
    }

    [Fact]
    public void A_marker_packet_is_left_out_of_the_extremes_but_still_counts_in_the_means_denominator()
    {
        // A talkspurt resumes after 160 ms of silence: the marker packet's 180 ms delta is not a delay problem.
        var analysis = Feed(Packet(1, 0, 0), Packet(2, 160, 20), Packet(3, 1600, 200, marker: true), Packet(4, 1760, 230));

        var figures = analysis.GetFigures();
        Assert.Equal(30, figures.MaxDeltaMilliseconds);
        Assert.Equal(20, figures.MinDeltaMilliseconds);
        Assert.Equal((20 + 20 + 30) / 3.0, figures.MeanDeltaMilliseconds!.Value, 12); // 2 regular deltas over 3
        Assert.Equal(25, figures.MeanRegularDeltaMilliseconds!.Value, 12);
        Assert.Equal(10 / 16.0, figures.MaxJitterMilliseconds!.Value, 12); // packet 4 is 10 ms late
    }

    [Fact]
    public void Comfort_noise_and_the_packet_after_it_are_left_out()
    {
        var analysis = new WiresharkRtpAnalysis();
        analysis.OnPacket(1, 0, false, 0, PacketKind.Media, Clock, Ms(0));
        analysis.OnPacket(2, 160, false, 0, PacketKind.Media, Clock, Ms(20));
        analysis.OnPacket(3, 320, false, 13, PacketKind.ComfortNoise, Clock, Ms(70)); // CN: excluded
        analysis.OnPacket(4, 480, false, 0, PacketKind.Media, Clock, Ms(75)); // after CN: excluded
        analysis.OnPacket(5, 640, false, 0, PacketKind.Media, Clock, Ms(95));

        var figures = analysis.GetFigures();
        Assert.Equal(20, figures.MinDeltaMilliseconds);
        Assert.Equal(20, figures.MaxDeltaMilliseconds);
        Assert.Equal(20, figures.MeanRegularDeltaMilliseconds!.Value, 12);
        // The excluded packets still move the running jitter: CN 30 ms late, the next one 15 ms early, then on time.
        Assert.Equal(((30.0 / 16 * 15) + 15) / 16 * 15 / 16, figures.MaxJitterMilliseconds!.Value, 12);
        Assert.Equal(0, figures.MinJitterMilliseconds);
    }

    [Fact]
    public void Dtmf_moves_the_reference_arrival_but_not_the_reference_timestamp()
    {
        // §4.3: voice 0–40 ms, a 3-packet event (ts 480, M on the first) at 60–100 ms, voice resumes at 120 ms with M.
        PacketSpec[] packets =
        [
            Packet(1, 0, 0), Packet(2, 160, 20), Packet(3, 320, 40),
            Dtmf(4, 480, 60, marker: true), Dtmf(5, 480, 80), Dtmf(6, 480, 100),
            Packet(7, 960, 120, marker: true), Packet(8, 1120, 140),
        ];
        var analysis = Feed(packets);

        // Packet 7 is judged against packet 6's arrival (100 ms) plus 80 ms of timestamps since packet 3: expected at
        // 180 ms, so it looks 60 ms early and J jumps to 60/16; the marker keeps it out, packet 8 reports 60/16 · 15/16.
        var figures = analysis.GetFigures();
        Assert.Equal(60.0 / 16 * 15 / 16, figures.MaxJitterMilliseconds!.Value, 12);
        Assert.Equal(0, figures.MinJitterMilliseconds);
        Assert.Equal(20, figures.MaxDeltaMilliseconds); // event packets 5 and 6 are regular for delta
        Assert.Equal(0, figures.SequenceErrors);

        // The RFC 3550 statistics keep events out of the reference too, so the same stream has no jitter there.
        var rfc = new Rfc3550StreamStatistics();
        foreach (var p in packets)
        {
            rfc.OnPacket(1, p.Seq, p.Timestamp, Ms(p.ArrivalMs), Clock, p.Kind);
        }

        Assert.Equal(0, rfc.GetFigures().MaxJitterMilliseconds);
    }

    [Fact]
    public void A_packet_with_a_timestamp_before_the_first_is_left_out_and_counted_as_late()
    {
        var analysis = Feed(Packet(10, 1600, 0), Packet(11, 1760, 20), Packet(8, 1280, 23), Packet(12, 1920, 40));

        var figures = analysis.GetFigures();
        Assert.Equal(1, figures.WrongTimestamps);
        Assert.Equal(1, figures.SequenceErrors);
        Assert.Equal(20, figures.MaxDeltaMilliseconds); // packet 12 is measured from packet 11, not from the stray one
        Assert.Equal(0, figures.MaxJitterMilliseconds);
    }

    [Fact]
    public void A_timestamp_wrap_after_the_first_packet_stays_in_time_sequence()
    {
        var analysis = Feed(Packet(1, 0xFFFF_FF60, 0), Packet(2, 0, 20), Packet(3, 160, 41));

        var figures = analysis.GetFigures();
        Assert.Equal(0, figures.WrongTimestamps);
        Assert.Equal(1 / 16.0, figures.MaxJitterMilliseconds!.Value, 12);
    }

    [Fact]
    public void Gaps_duplicates_and_late_packets_are_sequence_errors_and_expected_uses_the_last_packet()
    {
        // 1, 2, 4 (gap), 4 (duplicate), 3 (late): 4.0 takes the last packet's number, so expected = 3 and lost = −2.
        var analysis = Feed(Packet(1, 0, 0), Packet(2, 160, 20), Packet(4, 480, 60), Packet(4, 480, 61), Packet(3, 320, 62));

        var figures = analysis.GetFigures();
        Assert.Equal(5, figures.Packets);
        Assert.Equal(3, figures.SequenceErrors);
        Assert.Equal(3, figures.Expected);
        Assert.Equal(-2, figures.Lost);
    }

    [Fact]
    public void Sequence_wrap_counts_a_cycle()
    {
        var analysis = Feed(Packet(65534, 0, 0), Packet(65535, 160, 20), Packet(0, 320, 40), Packet(2, 640, 80));

        var figures = analysis.GetFigures();
        Assert.Equal(5, figures.Expected);
        Assert.Equal(1, figures.Lost);
        Assert.Equal(1, figures.SequenceErrors);
    }

    [Fact]
    public void The_clock_is_divided_by_1000_in_integer_arithmetic()
    {
        // L16 at 44100 Hz: 882 ticks per 20 ms, but Wireshark counts 44 ticks per ms, so a perfect stream drifts.
        var analysis = new WiresharkRtpAnalysis();
        analysis.OnPacket(1, 0, false, 11, PacketKind.Media, 44100, Ms(0));
        analysis.OnPacket(2, 882, false, 11, PacketKind.Media, 44100, Ms(20));

        Assert.Equal(((882 / 44.0) - 20) / 16, analysis.GetFigures().MaxJitterMilliseconds!.Value, 12);
    }

    [Fact]
    public void Without_a_clock_there_is_no_jitter_but_there_are_deltas()
    {
        var analysis = new WiresharkRtpAnalysis();
        analysis.OnPacket(1, 0, false, 96, PacketKind.Media, 0, Ms(0));
        analysis.OnPacket(2, 160, false, 96, PacketKind.Media, 0, Ms(20));

        var figures = analysis.GetFigures();
        Assert.Null(figures.MinJitterMilliseconds);
        Assert.Null(figures.MeanJitterMilliseconds);
        Assert.Null(figures.MaxJitterMilliseconds);
        Assert.Equal(20, figures.MaxDeltaMilliseconds);
        Assert.Equal(0, figures.ClockRate);
    }

    [Fact]
    public void Nothing_measured_reads_null_and_reset_forgets_the_stream()
    {
        var analysis = Feed(Packet(1, 0, 0), Packet(2, 160, 20));
        analysis.Reset();

        Assert.Equal(new WiresharkFigures(0, 0, 0, 0, 0, null, null, null, null, null, null, null, 0), analysis.GetFigures());
        analysis.OnPacket(500, 0, false, 0, PacketKind.Media, Clock, Ms(1000));
        Assert.Equal(1, analysis.GetFigures().Expected);
        Assert.Null(analysis.GetFigures().MaxDeltaMilliseconds);
    }

    // ---- TShark 4.0.17 columns --------------------------------------------------------------------------------------

    [Fact]
    public void Tshark_A_jittery_pcmu_with_losses_and_a_sequence_wrap() =>
        AssertTshark(TsharkScenario.A(), packets: 295, lost: 5, 16.850, 20.352, 82.250, 0.113, 2.177, 2.453);

    [Fact]
    public void Tshark_B_dtmf_event_reordered_pair_and_duplicate() =>
        AssertTshark(TsharkScenario.B(), packets: 201, lost: -1, 1.000, 19.909, 41.500, 0.113, 1.481, 9.885);

    [Fact]
    public void Tshark_C_comfort_noise_and_a_talkspurt() =>
        AssertTshark(TsharkScenario.C(), packets: 141, lost: 0, 19.300, 20.010, 22.800, 0.175, 0.995, 1.175);

    [Fact]
    public void Tshark_D_timestamp_wrap() =>
        AssertTshark(TsharkScenario.D(), packets: 100, lost: 0, 16.850, 20.000, 21.800, 0.113, 1.938, 2.327);

    [Fact]
    public void Tshark_E_stray_packet_older_than_the_first() =>
        AssertTshark(TsharkScenario.E(), packets: 101, lost: -1, 16.850, 20.000, 21.800, 0.113, 1.935, 2.327);

    [Fact]
    public void Tshark_F_l16_at_44100_hz() =>
        AssertTshark(TsharkScenario.F(), packets: 50, lost: 0, 16.850, 20.083, 21.800, 0.110, 1.598, 2.200);

    [Fact]
    public void Tshark_G_dynamic_payload_type_without_sdp_has_no_jitter()
    {
        var figures = Run(TsharkScenario.G());
        Assert.Equal(50, figures.Packets);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(16.850, Math.Round(figures.MinDeltaMilliseconds!.Value, 3));
        Assert.Equal(20.083, Math.Round(figures.MeanDeltaMilliseconds!.Value, 3));
        Assert.Equal(21.800, Math.Round(figures.MaxDeltaMilliseconds!.Value, 3));
        Assert.Null(figures.MinJitterMilliseconds); // tshark prints -1.000 / 0.000 / 0.000
        Assert.Null(figures.MaxJitterMilliseconds);
    }

    private static void AssertTshark(IReadOnlyList<PacketSpec> scenario, long packets, long lost, double minDelta, double meanDelta,
        double maxDelta, double minJitter, double meanJitter, double maxJitter)
    {
        var figures = Run(scenario);
        Assert.Equal(
            (packets, lost, minDelta, meanDelta, maxDelta, minJitter, meanJitter, maxJitter),
            (figures.Packets, figures.Lost, Round(figures.MinDeltaMilliseconds), Round(figures.MeanDeltaMilliseconds),
                Round(figures.MaxDeltaMilliseconds), Round(figures.MinJitterMilliseconds), Round(figures.MeanJitterMilliseconds),
                Round(figures.MaxJitterMilliseconds)));
    }

    private static double Round(double? value) => Math.Round(value!.Value, 3, MidpointRounding.AwayFromZero);

    private static WiresharkFigures Run(IReadOnlyList<PacketSpec> packets)
    {
        var analysis = new WiresharkRtpAnalysis();
        foreach (var p in packets)
        {
            analysis.OnPacket(p.Seq, p.Timestamp, p.Marker, p.PayloadType, p.Kind, p.ClockRate,
                TimeSpan.FromTicks(p.ArrivalMicros * 10));
        }

        return analysis.GetFigures();
    }

    private static WiresharkRtpAnalysis Feed(params PacketSpec[] packets)
    {
        var analysis = new WiresharkRtpAnalysis();
        foreach (var p in packets)
        {
            analysis.OnPacket(p.Seq, p.Timestamp, p.Marker, p.PayloadType, p.Kind, p.ClockRate, Ms(p.ArrivalMs));
        }

        return analysis;
    }

    private static PacketSpec Packet(ushort seq, uint timestamp, double arrivalMs, bool marker = false) =>
        new(seq, timestamp, marker, 0, PacketKind.Media, Clock, (long)(arrivalMs * 1000));

    private static PacketSpec Dtmf(ushort seq, uint timestamp, double arrivalMs, bool marker = false) =>
        new(seq, timestamp, marker, 101, PacketKind.Dtmf, Clock, (long)(arrivalMs * 1000));

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
