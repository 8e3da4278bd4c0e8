using CallActors.Media.Quality;

namespace CallActors.Media.Tests.Quality;

// Golden values: reference/media-quality.md §6.5 (§1.2 loss vector, §1.3 jitter vector) and the
// RFC 3550 Appendix A.1 rules quoted in §1.1.
public sealed class Rfc3550StreamStatisticsTests
{
    private const uint Ssrc = 0x1234_5678;
    private const int Clock = 8000;

    [Fact]
    public void Jitter_vector_of_section_1_3()
    {
        var stats = new Rfc3550StreamStatistics();
        int[] arrivalsMs = [0, 20, 45, 60, 80];
        double[] expectedJ = [0, 0, 2.5, 4.84375, 4.541015625];
        for (var i = 0; i < arrivalsMs.Length; i++)
        {
            stats.OnPacket(Ssrc, (ushort)(100 + i), (uint)(5000 + (160 * i)), TimeSpan.FromMilliseconds(arrivalsMs[i]), Clock);
            Assert.Equal(expectedJ[i], stats.GetFigures().JitterTimestampUnits, 1e-12);
        }

        var figures = stats.GetFigures();
        Assert.Equal(4u, figures.JitterField);
        Assert.Equal(0.56763, figures.JitterMilliseconds, 5e-6);
        Assert.Equal(0.60547, figures.MaxJitterMilliseconds, 5e-6);
        Assert.Equal(Clock, figures.ClockRate);
    }

    [Fact]
    public void Loss_vector_of_section_1_2_across_the_sequence_wrap()
    {
        // The vector's base_seq is 65530, so with probation one packet (65529) precedes it.
        var stats = new Rfc3550StreamStatistics();
        var arrival = TimeSpan.Zero;
        foreach (var seq in LossVectorSequence(first: 65529))
        {
            stats.OnPacket(Ssrc, seq, seq * 160u, arrival, Clock);
            arrival += TimeSpan.FromMilliseconds(20);
        }

        AssertLossVector(stats);
        Assert.Equal(1, stats.GetFigures().Rejected);
    }

    [Fact]
    public void Loss_vector_without_probation_counts_the_first_packet()
    {
        var stats = new Rfc3550StreamStatistics(requireProbation: false);
        var arrival = TimeSpan.Zero;
        foreach (var seq in LossVectorSequence(first: 65530))
        {
            stats.OnPacket(Ssrc, seq, seq * 160u, arrival, Clock);
            arrival += TimeSpan.FromMilliseconds(20);
        }

        AssertLossVector(stats);
        Assert.Equal(0, stats.GetFigures().Rejected);
    }

    [Fact]
    public void Probation_excludes_the_first_packet_from_expected_and_received()
    {
        var stats = new Rfc3550StreamStatistics();
        stats.OnPacket(Ssrc, 10, 0, TimeSpan.Zero, Clock);
        Assert.Equal(0, stats.GetFigures().Expected);

        stats.OnPacket(Ssrc, 11, 160, TimeSpan.FromMilliseconds(20), Clock);

        var figures = stats.GetFigures();
        Assert.Equal(1, figures.Expected);
        Assert.Equal(1, figures.Received);
    }

    [Fact]
    public void Duplicates_make_cumulative_loss_negative_and_are_counted()
    {
        var stats = Started(out var seq);
        stats.OnPacket(Ssrc, (ushort)(seq - 1), 0, TimeSpan.FromSeconds(1), Clock); // duplicate of the highest
        stats.OnPacket(Ssrc, (ushort)(seq - 2), 0, TimeSpan.FromSeconds(1), Clock); // duplicate of an older one

        var figures = stats.GetFigures();
        Assert.Equal(-2, figures.Lost);
        Assert.Equal(-2, figures.CumulativeLostField);
        Assert.Equal(2, figures.Duplicates);
        Assert.Equal(0, figures.Reordered);
    }

    [Fact]
    public void A_late_packet_fills_its_gap_and_counts_as_reordered()
    {
        var stats = Started(out var seq);
        stats.OnPacket(Ssrc, (ushort)(seq + 1), 0, TimeSpan.FromSeconds(1), Clock); // seq missing
        Assert.Equal(1, stats.GetFigures().Lost);

        stats.OnPacket(Ssrc, seq, 0, TimeSpan.FromSeconds(1), Clock);

        var figures = stats.GetFigures();
        Assert.Equal(0, figures.Lost);
        Assert.Equal(1, figures.Reordered);
        Assert.Equal(0, figures.Duplicates);
    }

    [Fact]
    public void A_large_jump_is_dropped_once_then_accepted_as_a_restart()
    {
        var stats = Started(out _);
        var rejectedBefore = stats.GetFigures().Rejected;
        stats.OnPacket(Ssrc, 40000, 0, TimeSpan.FromSeconds(1), Clock);
        var afterFirst = stats.GetFigures();
        Assert.Equal(rejectedBefore + 1, afterFirst.Rejected);
        Assert.Equal(9, afterFirst.Expected); // 100 was the probation packet

        stats.OnPacket(Ssrc, 40001, 160, TimeSpan.FromSeconds(1.02), Clock);

        var figures = stats.GetFigures();
        Assert.Equal(1, figures.Expected);
        Assert.Equal(1, figures.Received);
        Assert.Equal(40001u, figures.ExtendedHighestSequence);
    }

    [Fact]
    public void A_new_ssrc_restarts_the_counts_and_is_counted_as_a_change()
    {
        var stats = Started(out _);
        stats.OnPacket(0xCAFE, 7, 0, TimeSpan.FromSeconds(2), Clock);
        stats.OnPacket(0xCAFE, 8, 160, TimeSpan.FromSeconds(2.02), Clock);

        var figures = stats.GetFigures();
        Assert.Equal(0xCAFEu, figures.Ssrc);
        Assert.Equal(1, figures.SsrcChanges);
        Assert.Equal(1, figures.Expected);
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.JitterTimestampUnits);
    }

    [Fact]
    public void Dtmf_packets_count_for_loss_but_not_for_jitter()
    {
        var stats = new Rfc3550StreamStatistics();
        for (var i = 0; i < 10; i++)
        {
            stats.OnPacket(Ssrc, (ushort)i, (uint)(160 * i), TimeSpan.FromMilliseconds(20 * i), Clock);
        }

        // Three event packets carry the event start timestamp while time moves on.
        for (var i = 10; i < 13; i++)
        {
            stats.OnPacket(Ssrc, (ushort)i, 1600, TimeSpan.FromMilliseconds(20 * i), Clock, PacketKind.Dtmf);
        }

        stats.OnPacket(Ssrc, 13, 160 * 13, TimeSpan.FromMilliseconds(20 * 13), Clock);

        var figures = stats.GetFigures();
        Assert.Equal(0, figures.Lost);
        Assert.Equal(0, figures.JitterTimestampUnits);
    }

    [Fact]
    public void Unknown_clock_rate_leaves_jitter_uncomputed()
    {
        var stats = new Rfc3550StreamStatistics();
        stats.OnPacket(Ssrc, 1, 0, TimeSpan.Zero, clockRate: 0);
        stats.OnPacket(Ssrc, 2, 0, TimeSpan.FromMilliseconds(50), clockRate: 0);

        var figures = stats.GetFigures();
        Assert.Equal(0, figures.ClockRate);
        Assert.Equal(0, figures.JitterMilliseconds);
    }

    [Fact]
    public void Cumulative_lost_field_is_clamped_to_signed_24_bits_not_wrapped()
    {
        var stats = Started(out var seq);
        var arrival = TimeSpan.FromSeconds(1);
        // Advance 2999 at a time (just under MaxDropout) with one packet each: 2998 lost per step.
        for (var i = 0; i < 3000; i++)
        {
            seq = (ushort)(seq + 2999);
            stats.OnPacket(Ssrc, seq, 0, arrival, Clock);
        }

        var figures = stats.GetFigures();
        Assert.True(figures.Lost > 0x7FFFFF);
        Assert.Equal(0x7FFFFF, figures.CumulativeLostField);
    }

    [Fact]
    public void Interval_report_resets_between_intervals()
    {
        var stats = new Rfc3550StreamStatistics(requireProbation: false);
        foreach (var seq in LossVectorSequence(first: 65530))
        {
            stats.OnPacket(Ssrc, seq, 0, TimeSpan.Zero, Clock);
        }

        Assert.Equal(32, stats.CloseReportInterval().FractionLost);

        for (ushort seq = 10; seq < 20; seq++)
        {
            stats.OnPacket(Ssrc, seq, 0, TimeSpan.Zero, Clock);
        }

        var second = stats.CloseReportInterval();
        Assert.Equal(10, second.ExpectedInterval);
        Assert.Equal(0, second.FractionLost);
        Assert.Equal("rfc3550", Rfc3550Figures.Model);
    }

    // 65530…65535 then 0…9 with 2 and 3 missing, optionally preceded by probation packets.
    private static IEnumerable<ushort> LossVectorSequence(ushort first)
    {
        for (var seq = first; seq != 10; seq++)
        {
            if (seq is not (2 or 3))
            {
                yield return seq;
            }
        }
    }

    private static void AssertLossVector(Rfc3550StreamStatistics stats)
    {
        var figures = stats.GetFigures();
        Assert.Equal(65545u, figures.ExtendedHighestSequence);
        Assert.Equal(16, figures.Expected);
        Assert.Equal(14, figures.Received);
        Assert.Equal(2, figures.Lost);

        var interval = stats.CloseReportInterval();
        Assert.Equal(32, interval.FractionLost);
        Assert.Equal(0.125, interval.FractionLostRatio);
    }

    private static Rfc3550StreamStatistics Started(out ushort nextSeq)
    {
        var stats = new Rfc3550StreamStatistics();
        for (ushort seq = 100; seq < 110; seq++)
        {
            stats.OnPacket(Ssrc, seq, 0, TimeSpan.Zero, Clock);
        }

        nextSeq = 110;
        return stats;
    }
}
