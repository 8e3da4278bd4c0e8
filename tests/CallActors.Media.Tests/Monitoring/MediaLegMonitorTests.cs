using CallActors.Media.Monitoring;
using CallActors.Media.Packets;
using CallActors.Media.Quality;
using static CallActors.Media.Tests.Monitoring.Traffic;

namespace CallActors.Media.Tests.Monitoring;

// Golden values: G.107 R 93.2 / MOS 4.4093 for clean G.711+PLC (reference/media-quality.md §6.1 E1), FreeSWITCH
// quality 100 / MOS 4.5 for a clean stream (§2.7 case A); expected E-model figures under loss are recomputed here
// from the §3.2 formulas with the loss pattern the test itself drew.
public sealed class MediaLegMonitorTests
{
    private const uint LegSsrc = 0xA1A1A1A1;
    private const int PcmuPacketBytes = RtpPacket.FixedHeaderLength + 160;

    [Fact]
    public void A_clean_g711_stream_rates_r_93_2_and_freeswitch_100()
    {
        var monitor = Monitor();
        FeedPcmu(monitor, 1000);

        var inbound = monitor.Snapshot().Inbound;
        Assert.Equal(new CodecSnapshot("PCMU", 0, 8000, 8000), inbound.Codec);
        Assert.Equal("rfc2833", inbound.DtmfType);
        Assert.Equal(LegSsrc, inbound.Ssrc);
        Assert.Equal(new MediaPacketCounts(1000, 1000 * PcmuPacketBytes, 1000, 1000 * PcmuPacketBytes, 0, 0, 0, 0, 0), inbound.Counts);
        Assert.Equal(T0, inbound.FirstPacketUnixNanos);
        Assert.Equal(T0 + (999 * 20 * NanosPerMs), inbound.LastPacketUnixNanos);

        var rfc = inbound.Rfc3550!;
        Assert.Equal((999L, 999L, 0L), (rfc.Expected, rfc.Received, rfc.Lost)); // the first packet is the probation one
        Assert.Equal(0, rfc.InterarrivalJitterMilliseconds);
        Assert.Equal(0, rfc.JitterMaxMilliseconds);
        Assert.Equal(0, rfc.JitterMeanMilliseconds);
        Assert.Equal(20, rfc.DeltaMinMilliseconds);
        Assert.Equal(20, rfc.DeltaMaxMilliseconds);
        Assert.Equal(20.0, rfc.MeanIntervalMilliseconds!.Value, 9);

        var g107 = inbound.G107!;
        Assert.Equal(93.2, g107.R, 3);
        Assert.Equal(4.4093, g107.Mos, 4);
        Assert.Equal(("G.711+PLC", 0.0, 25.1, 0.0, 1.0), (g107.CodecRow, g107.Ie, g107.Bpl, g107.PacketLossPercent, g107.BurstRatio));
        Assert.Equal((0.0, "default"), (g107.OneWayDelayMilliseconds, g107.DelaySource));

        var freeSwitch = inbound.FreeSwitch!;
        Assert.Equal((100, 4.5, 0L), (freeSwitch.QualityPercentage, freeSwitch.Mos, freeSwitch.FlawTotal));
        Assert.Equal(20.0, freeSwitch.MeanInterval, 9);
    }

    [Fact]
    public void Five_percent_random_loss_gives_what_the_formulas_give()
    {
        const int Count = 3000;
        var random = new Random(42);
        var dropped = new bool[Count];
        for (var i = 2; i < Count - 1; i++)
        {
            dropped[i] = random.NextDouble() < 0.05;
        }

        var monitor = Monitor();
        var freeSwitch = new FreeSwitchQuality();
        FeedPcmu(monitor, Count, i => dropped[i], onPacket: (seq, nanos) => freeSwitch.OnInboundPacket(PacketKind.Media, PcmuPacketBytes, seq, nanos / NanosPerMs));
        var snapshot = monitor.Snapshot().Inbound;

        // RFC 3550: seqs after the probation packet are expected; every drop is a loss.
        var lost = dropped.Count(d => d);
        var rfc = snapshot.Rfc3550!;
        Assert.InRange(lost, 120, 180);
        Assert.Equal((Count - 1L, Count - 1L - lost, (long)lost), (rfc.Expected, rfc.Received, rfc.Lost));
        Assert.Equal((double)lost / (Count - 1), rfc.LossRatio, 12);

        // G.107 from the same pattern, counted here: p = P(lost | received before), q = P(received | lost before).
        var (p, q) = MarkovProbabilities(dropped);
        var burstRatio = Math.Max(1, 1 / (p + q));
        var ppl = 100.0 * lost / (Count - 1);
        var r = 93.2 - (95 * ppl / ((ppl / burstRatio) + 25.1));
        var mos = 1 + (0.035 * r) + (7e-6 * r * (r - 60) * (100 - r));
        var g107 = snapshot.G107!;
        Assert.Equal(burstRatio, g107.BurstRatio, 12);
        Assert.Equal(ppl, g107.PacketLossPercent, 12);
        Assert.Equal(r, g107.R, 9);
        Assert.Equal(mos, g107.Mos, 9);
        var model = EModel.Compute(new EModelInputs(CodecImpairment.G711WithPlc, ppl, burstRatio));
        Assert.Equal((model.R, model.Mos), (g107.R, g107.Mos));

        // FreeSWITCH: what it would export at hangup for the same reads.
        freeSwitch.SyncStatistics();
        var expected = freeSwitch.GetFigures();
        Assert.Equal(
            new FreeSwitchSnapshot(expected.QualityPercentage, expected.Mos, expected.FlawTotal, expected.JitterMinVariance,
                expected.JitterMaxVariance, expected.JitterLossRate, expected.JitterBurstRate, expected.MeanInterval),
            snapshot.FreeSwitch);
        Assert.InRange(snapshot.FreeSwitch!.QualityPercentage, 80, 94); // each isolated gap costs the lost packets + 2
        // Its loss rate divides by sampled packets and counts a gap again when the next packet opens one too (§2.4).
        Assert.True(snapshot.FreeSwitch.JitterLossRate > rfc.LossRatio);
    }

    [Fact]
    public void Bursty_loss_has_a_burst_ratio_above_one_and_rates_below_the_same_loss_at_random()
    {
        const int Count = 3000;
        var bursty = new bool[Count];
        for (var burst = 0; burst < 30; burst++)
        {
            for (var k = 0; k < 5; k++)
            {
                bursty[50 + (burst * 97) + k] = true; // 30 bursts of 5: 150 lost
            }
        }

        var random = new Random(3);
        var scattered = new bool[Count];
        for (var placed = 0; placed < 150;)
        {
            var i = random.Next(2, Count - 1);
            if (!scattered[i])
            {
                scattered[i] = true;
                placed++;
            }
        }

        var burstyMonitor = Monitor();
        FeedPcmu(burstyMonitor, Count, i => bursty[i]);
        var scatteredMonitor = Monitor();
        FeedPcmu(scatteredMonitor, Count, i => scattered[i]);
        var burstyG107 = burstyMonitor.Snapshot().Inbound.G107!;
        var scatteredG107 = scatteredMonitor.Snapshot().Inbound.G107!;

        Assert.Equal(burstyG107.PacketLossPercent, scatteredG107.PacketLossPercent, 12);
        // p = 30/2849, q = 30/150: BurstR = 1/(p + q) ≈ 4.75.
        Assert.Equal(1 / ((30.0 / 2849) + (30.0 / 150)), burstyG107.BurstRatio, 9);
        Assert.InRange(scatteredG107.BurstRatio, 1, 1.1);
        // Ie,eff = 95·Ppl/(Ppl/BurstR + 25.1): about 18.2 bursty against 15.8 scattered.
        Assert.InRange(scatteredG107.R - burstyG107.R, 1.5, 3);
        Assert.True(burstyG107.Mos < scatteredG107.Mos, $"bursty {burstyG107.Mos} vs scattered {scatteredG107.Mos}");
    }

    [Fact]
    public void Dtmf_and_comfort_noise_are_counted_apart_from_media_and_kept_out_of_rfc_jitter()
    {
        var monitor = Monitor(Pcmu, TelephoneEvent101, DynamicComfortNoise);
        ushort seq = 1;
        var nanos = T0;
        void Send(byte payloadType, uint timestamp, int payloadBytes, bool marker = false)
        {
            monitor.OnInboundRtp(Rtp(payloadType, seq++, timestamp, LegSsrc, marker, payloadBytes), nanos);
            nanos += 20 * NanosPerMs;
        }

        for (var i = 0; i < 10; i++)
        {
            Send(0, (uint)(160 * i), 160);
        }

        for (var i = 0; i < 8; i++)
        {
            Send(101, 1600, 4, marker: i == 0); // one event, its packets share the start timestamp
        }

        Send(0, 160 * 18, 160, marker: true);
        Send(13, 160 * 19, 1); // static CN
        Send(105, 160 * 20, 11); // negotiated CN
        Send(96, 160 * 21, 160); // never negotiated: media without a clock

        var inbound = monitor.Snapshot().Inbound;
        Assert.Equal(
            new MediaPacketCounts(
                Packets: 22,
                Bytes: (12 * PcmuPacketBytes) + (8 * 16) + 13 + 23,
                MediaPackets: 12,
                MediaBytes: 12 * PcmuPacketBytes,
                DtmfPackets: 8,
                DtmfBytes: 8 * 16,
                ComfortNoisePackets: 2,
                ComfortNoiseBytes: 13 + 23,
                UnknownPayloadTypePackets: 1),
            inbound.Counts);
        Assert.Equal("rfc2833", inbound.DtmfType);
        Assert.Equal(new CodecSnapshot(null, 96, null, null), inbound.Codec);
        Assert.Equal(0, inbound.Rfc3550!.InterarrivalJitterMaxMilliseconds); // the event's timestamps make no spike
        Assert.Equal((21L, 0L), (inbound.Rfc3550.Expected, inbound.Rfc3550.Lost));
    }

    [Fact]
    public void A_new_ssrc_restarts_the_stream_figures_without_phantom_loss()
    {
        var monitor = Monitor();
        FeedPcmu(monitor, 100, ssrc: 0x1111, firstSeq: 1000, lost: i => i == 50); // early media
        FeedPcmu(monitor, 100, ssrc: 0x2222, firstSeq: 40000, startNanos: T0 + (2000 * NanosPerMs)); // answered

        var inbound = monitor.Snapshot().Inbound;
        Assert.Equal(0x2222u, inbound.Ssrc);
        Assert.Equal(1, inbound.SsrcChanges);
        Assert.Equal(199, inbound.Counts.Packets);
        Assert.Equal((99L, 0L, 0L), (inbound.Rfc3550!.Expected, inbound.Rfc3550.Lost, inbound.Rfc3550.SequenceErrors));
        Assert.Equal(93.2, inbound.G107!.R, 9);
        Assert.Equal(T0, inbound.FirstPacketUnixNanos);
        Assert.Equal(100, monitor.GetInboundWiresharkFigures().Packets);
        // The early-media source's figures are kept, its loss included.
        var earlier = Assert.Single(inbound.EarlierSources);
        Assert.Equal(0x1111u, earlier.Ssrc);
        Assert.Equal((99L, 1L), (earlier.Rfc3550.Expected, earlier.Rfc3550.Lost));
        Assert.Equal(1, earlier.Rfc3550.SequenceErrors);
    }

    [Fact]
    public void The_sequence_wraps_without_loss_of_count()
    {
        var monitor = Monitor();
        FeedPcmu(monitor, 200, i => i is 50 or 120, firstSeq: 65500);

        var rfc = monitor.Snapshot().Inbound.Rfc3550!;
        Assert.Equal((1, 199L, 197L, 2L), (rfc.SequenceWraps, rfc.Expected, rfc.Received, rfc.Lost));
        Assert.Equal(2, rfc.SequenceErrors);
        Assert.Equal((2L, 200L), (monitor.GetInboundWiresharkFigures().Lost, monitor.GetInboundWiresharkFigures().Expected));
    }

    [Fact]
    public void The_g722_clock_is_8000_and_its_rate_16000()
    {
        var monitor = Monitor(G722);
        FeedPcmu(monitor, 10, payloadType: 9);

        var inbound = monitor.Snapshot().Inbound;
        Assert.Equal(new CodecSnapshot("G722", 9, 8000, 16000), inbound.Codec);
        Assert.Null(inbound.DtmfType);
        Assert.Equal(EModel.WidebandMappedVariant, inbound.G107!.Variant);
    }

    [Fact]
    public void One_way_audio_is_visible()
    {
        var monitor = Monitor();
        for (var i = 0; i < 50; i++)
        {
            monitor.OnOutboundRtp(Rtp(0, (ushort)i, (uint)(160 * i), 0xB0B0B0B0));
        }

        var snapshot = monitor.Snapshot();
        Assert.True(snapshot.OneWayAudio);
        Assert.Equal(0, snapshot.Inbound.Counts.Packets);
        Assert.Null(snapshot.Inbound.Rfc3550);
        Assert.Null(snapshot.Inbound.G107);
        Assert.Null(snapshot.Inbound.FreeSwitch);
        Assert.Equal(0, monitor.LastInboundRtpUnixNanos);
        Assert.Equal(new OutboundStreamSnapshot(
            new MediaPacketCounts(50, 50 * PcmuPacketBytes, 50, 50 * PcmuPacketBytes, 0, 0, 0, 0, 0),
            new CodecSnapshot("PCMU", 0, 8000, 8000),
            0xB0B0B0B0), snapshot.Outbound);

        FeedPcmu(monitor, 10);
        Assert.False(monitor.Snapshot().OneWayAudio);
    }

    [Fact]
    public void A_delay_given_to_the_snapshot_is_rated_with_g107_idd()
    {
        var monitor = Monitor();
        FeedPcmu(monitor, 100);

        var g107 = monitor.Snapshot(oneWayDelayMilliseconds: 150).Inbound.G107!;
        Assert.Equal((150.0, "caller"), (g107.OneWayDelayMilliseconds, g107.DelaySource));
        Assert.Equal(0.1635, g107.Id, 4); // reference §6.1 E7's Idd at 150 ms
        Assert.Equal(93.2 - 0.1635, g107.R, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Snapshot(double.NaN));
    }

    [Fact]
    public void Snapshots_do_not_change_the_figures()
    {
        var monitor = Monitor();
        FeedPcmu(monitor, 600, i => i % 40 == 7);

        var first = monitor.Snapshot();
        Assert.Equal(first, monitor.Snapshot());
        Assert.True(first.Inbound.FreeSwitch!.FlawTotal > 0);
    }

    [Fact]
    public void Malformed_datagrams_are_counted_not_measured()
    {
        var monitor = Monitor();
        monitor.OnInboundRtp([0x80, 0x00, 0x01], T0);
        monitor.OnInboundRtcp([0x00], T0);

        var snapshot = monitor.Snapshot();
        Assert.Equal(1, snapshot.Inbound.MalformedPackets);
        Assert.Equal(0, snapshot.Inbound.Counts.Packets);
        Assert.Null(snapshot.RemoteRtcp);
    }

    [Fact]
    public void Without_probation_the_first_packet_is_expected_too()
    {
        var monitor = new MediaLegMonitor(new MediaMonitorOptions { RequireProbation = false });
        monitor.SetNegotiated([Pcmu]);
        FeedPcmu(monitor, 100, i => i == 50);

        var rfc = monitor.Snapshot().Inbound.Rfc3550!;
        Assert.Equal((100L, 99L, 1L), (rfc.Expected, rfc.Received, rfc.Lost));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new MediaLegMonitor(new MediaMonitorOptions { DefaultOneWayDelayMilliseconds = -1 }));
        Assert.Throws<ArgumentException>(() => new MediaLegMonitor(new MediaMonitorOptions { DefaultOneWayDelayMilliseconds = double.PositiveInfinity }));
    }

    internal static MediaLegMonitor Monitor(params RtpMap[] payloadTypes)
    {
        var monitor = new MediaLegMonitor(new MediaMonitorOptions());
        monitor.SetNegotiated(payloadTypes.Length == 0 ? [Pcmu, Pcma, TelephoneEvent101] : payloadTypes);
        return monitor;
    }

    /// <summary>Sends packets 0…count−1 of a 20 ms stream (160 samples each), arrivals exactly 20 ms apart, leaving out
    /// the ones <paramref name="lost"/> picks.</summary>
    internal static void FeedPcmu(MediaLegMonitor monitor, int count, Func<int, bool>? lost = null, uint ssrc = LegSsrc,
        ushort firstSeq = 1000, long startNanos = T0, byte payloadType = 0, Action<ushort, long>? onPacket = null)
    {
        for (var i = 0; i < count; i++)
        {
            if (lost?.Invoke(i) == true)
            {
                continue;
            }

            var seq = (ushort)(firstSeq + i);
            var nanos = startNanos + (i * 20 * NanosPerMs);
            monitor.OnInboundRtp(Rtp(payloadType, seq, (uint)(5000 + (160 * i)), ssrc), nanos);
            onPacket?.Invoke(seq, nanos);
        }
    }

    private static (double P, double Q) MarkovProbabilities(bool[] dropped)
    {
        long receivedThenLost = 0, receivedThenAny = 0, lostThenReceived = 0, lostThenAny = 0;
        for (var i = 1; i < dropped.Length; i++)
        {
            if (dropped[i - 1])
            {
                lostThenAny++;
                lostThenReceived += dropped[i] ? 0 : 1;
            }
            else
            {
                receivedThenAny++;
                receivedThenLost += dropped[i] ? 1 : 0;
            }
        }

        return ((double)receivedThenLost / receivedThenAny, (double)lostThenReceived / lostThenAny);
    }
}
