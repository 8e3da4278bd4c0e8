namespace CallActors.Media.Quality;

/// <summary>FreeSWITCH-compatible <c>rtp_audio_*</c> values (model <see cref="Model"/>); not comparable with
/// the RFC 3550 or G.107 figures: R is a flaw ratio and the variances are of the read cadence.</summary>
/// <param name="QualityPercentage"><c>in_quality_percentage</c>: int(100·(recved − flaws)/recved), 100 when out of range.</param>
/// <param name="Mos"><c>in_mos</c>: the G.107 R→MOS cubic applied to <paramref name="QualityPercentage"/>.</param>
/// <param name="FlawTotal"><c>in_flaw_total</c>: gaps + streak penalties + timeouts + resync skips.</param>
/// <param name="SampledPackets">FreeSWITCH's internal <c>recved</c>: media packets sampled after the lead-in.</param>
/// <param name="JitterMinVariance"><c>in_jitter_min_variance</c> (ms²).</param>
/// <param name="JitterMaxVariance"><c>in_jitter_max_variance</c> (ms²).</param>
/// <param name="JitterLossRate"><c>in_jitter_loss_rate</c>: a ratio, not a percentage.</param>
/// <param name="JitterBurstRate"><c>in_jitter_burst_rate</c>: FreeSWITCH's burst figure, not G.107 BurstR.</param>
/// <param name="MeanInterval"><c>in_mean_interval</c> (ms).</param>
/// <param name="Inbound">Inbound byte and packet counts.</param>
/// <param name="Outbound">Outbound byte and packet counts.</param>
public sealed record FreeSwitchFigures(
    int QualityPercentage,
    double Mos,
    long FlawTotal,
    long SampledPackets,
    double JitterMinVariance,
    double JitterMaxVariance,
    double JitterLossRate,
    double JitterBurstRate,
    double MeanInterval,
    FreeSwitchPacketCounts Inbound,
    FreeSwitchPacketCounts Outbound)
{
    /// <summary>The label of the model these figures come from.</summary>
    public const string Model = "freeswitch";
}
