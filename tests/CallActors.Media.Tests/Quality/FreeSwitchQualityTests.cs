using CallActors.Media.Quality;

namespace CallActors.Media.Tests.Quality;

// Golden values: reference/media-quality.md §2.7 (cases A–F): 1000 packets at 20 ms, seq from 1, no JB, no
// DTMF, values as exported after switch_rtp_sync_stats. The table prints rounded figures, so each is
// compared at the precision it is printed with. Gap positions are 0-based packet indices (the table
// names E's as 490, 492 … 498; B, C and D positions are those that reproduce the printed variances).
public sealed class FreeSwitchQualityTests
{
    private const int Packets = 1000;
    private const int PacketBytes = 172; // 12-byte header + 160 bytes of G.711

    [Fact]
    public void A_clean_stream()
    {
        var figures = Run(missing: []);

        AssertFigures(figures, recved: 991, flaws: 0, r: 100, mos: 4.5, lossRate: 0, burstRate: 0,
            meanInterval: 20.0, minVariance: 0, maxVariance: 0);
    }

    [Fact]
    public void B_one_single_packet_gap_costs_three_flaws()
    {
        var figures = Run(missing: [500]);

        AssertFigures(figures, recved: 990, flaws: 3, r: 99, mos: 4.4920, lossRate: 0.00101, burstRate: 0.99899,
            meanInterval: 20.0202, minVariance: 0.404, maxVariance: 0.813);
    }

    [Fact]
    public void C_one_three_packet_gap_costs_five_flaws()
    {
        var figures = Run(missing: [500, 501, 502]);

        AssertFigures(figures, recved: 988, flaws: 5, r: 99, mos: 4.4920, lossRate: 0.00304, burstRate: 0.99696,
            meanInterval: 20.0607, minVariance: 3.64, maxVariance: 7.32);
    }

    [Fact]
    public void D_ten_isolated_gaps()
    {
        var figures = Run(missing: [50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);

        AssertFigures(figures, recved: 981, flaws: 30, r: 96, mos: 4.4568, lossRate: 0.01019, burstRate: 0.98981,
            meanInterval: 20.2039, minVariance: 2.86, maxVariance: 9.52);
    }

    [Fact]
    public void E_gaps_on_consecutive_packets_overcount_loss_and_escalate_penalties()
    {
        var figures = Run(missing: [490, 492, 494, 496, 498]);

        AssertFigures(figures, recved: 986, flaws: 19, r: 98, mos: 4.4821, lossRate: 0.01521, burstRate: 2.95436,
            meanInterval: 20.1014, minVariance: 0.83, maxVariance: 3.79);
    }

    [Fact]
    public void F_alternating_24_and_16_ms_reads_show_variance_but_no_loss()
    {
        var figures = Run(missing: [], offsetMs: i => i % 2 == 1 ? 2 : -2);

        AssertFigures(figures, recved: 991, flaws: 0, r: 100, mos: 4.5, lossRate: 0, burstRate: 0,
            meanInterval: 20.0040, minVariance: 16.04, maxVariance: 32.0);
    }

    [Fact]
    public void Counts_split_media_dtmf_and_comfort_noise_in_both_directions()
    {
        var quality = new FreeSwitchQuality();
        quality.OnInboundPacket(PacketKind.Media, 172, 1, 1000);
        quality.OnInboundPacket(PacketKind.Dtmf, 16, 2, 1020);
        quality.OnInboundPacket(PacketKind.Dtmf, 16, 3, 1040);
        quality.OnInboundPacket(PacketKind.ComfortNoise, 13, 4, 1060);
        quality.OnOutboundPacket(PacketKind.Media, 172);
        quality.OnOutboundPacket(PacketKind.Dtmf, 16);

        var figures = quality.GetFigures();

        Assert.Equal(new FreeSwitchPacketCounts(RawBytes: 217, MediaBytes: 172, PacketCount: 4, MediaPacketCount: 1,
            DtmfPacketCount: 2, CngPacketCount: 1), figures.Inbound);
        Assert.Equal(new FreeSwitchPacketCounts(188, 172, 2, 1, 1, 0), figures.Outbound);
        Assert.Equal("freeswitch", FreeSwitchFigures.Model);
    }

    [Fact]
    public void Dtmf_restarts_the_lead_in_so_the_next_nine_media_packets_are_not_sampled()
    {
        var quality = new FreeSwitchQuality();
        for (var i = 0; i < 20; i++)
        {
            quality.OnInboundPacket(PacketKind.Media, PacketBytes, (ushort)(i + 1), 1000 + (20 * i));
        }

        quality.OnInboundPacket(PacketKind.Dtmf, 16, 21, 1400);
        for (var i = 21; i < 40; i++)
        {
            quality.OnInboundPacket(PacketKind.Media, PacketBytes, (ushort)(i + 1), 1000 + (20 * i));
        }

        // 20 − 9 before the digit, 19 − 9 after it.
        Assert.Equal(21, quality.GetFigures().SampledPackets);
    }

    [Fact]
    public void Sequence_wrap_is_not_loss_because_seq_zero_disables_the_check()
    {
        var quality = new FreeSwitchQuality();
        for (var i = 0; i < 40; i++)
        {
            quality.OnInboundPacket(PacketKind.Media, PacketBytes, (ushort)(65520 + i), 1000 + (20 * i));
        }

        quality.SyncStatistics();

        Assert.Equal(0, quality.GetFigures().FlawTotal);
    }

    private static FreeSwitchFigures Run(int[] missing, Func<int, long>? offsetMs = null)
    {
        var quality = new FreeSwitchQuality();
        for (var i = 0; i < Packets; i++)
        {
            if (Array.IndexOf(missing, i) >= 0)
            {
                continue;
            }

            var readTime = 1000 + (20L * i) + (offsetMs?.Invoke(i) ?? 0);
            quality.OnInboundPacket(PacketKind.Media, PacketBytes, (ushort)(i + 1), readTime);
        }

        quality.SyncStatistics();
        var figures = quality.GetFigures();
        Assert.Equal(Packets - missing.Length, figures.Inbound.MediaPacketCount);
        return figures;
    }

    private static void AssertFigures(FreeSwitchFigures f, long recved, long flaws, int r, double mos, double lossRate,
        double burstRate, double meanInterval, double minVariance, double maxVariance)
    {
        Assert.Equal(recved, f.SampledPackets);
        Assert.Equal(flaws, f.FlawTotal);
        Assert.Equal(r, f.QualityPercentage);
        AssertPrinted(mos, f.Mos, nameof(mos));
        AssertPrinted(lossRate, f.JitterLossRate, nameof(lossRate));
        AssertPrinted(burstRate, f.JitterBurstRate, nameof(burstRate));
        AssertPrinted(meanInterval, f.MeanInterval, nameof(meanInterval));
        AssertPrinted(minVariance, f.JitterMinVariance, nameof(minVariance));
        AssertPrinted(maxVariance, f.JitterMaxVariance, nameof(maxVariance));
    }

    // The reference prints its figures rounded; match the printed value at the precision printed
    // (e.g. 0.813 → ±0.0005, 20.0202 → ±0.00005). Whole and one-decimal values (0, 4.5, 20.0, 32.0)
    // are exact results and are compared exactly.
    private static void AssertPrinted(double printed, double actual, string name)
    {
        var text = printed.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var decimals = point < 0 ? 0 : text.Length - point - 1;
        var tolerance = decimals <= 1 ? 1e-9 : (0.5 * Math.Pow(10, -decimals)) + 1e-12;
        Assert.True(Math.Abs(printed - actual) <= tolerance, $"{name}: {actual} vs printed {printed} (±{tolerance})");
    }
}
