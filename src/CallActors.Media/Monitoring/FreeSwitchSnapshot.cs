namespace CallActors.Media.Monitoring;

/// <summary>The "freeswitch" figures: what FreeSWITCH would export as <c>rtp_audio_in_*</c> for this stream
/// (reference §2). Not comparable with the rfc3550 or g107 figures: R is a flaw ratio and the variances are of the
/// read cadence in ms².</summary>
/// <param name="QualityPercentage"><c>in_quality_percentage</c>.</param>
/// <param name="Mos"><c>in_mos</c>: the G.107 R→MOS cubic applied to the quality percentage.</param>
/// <param name="FlawTotal"><c>in_flaw_total</c>.</param>
/// <param name="JitterMinVariance"><c>in_jitter_min_variance</c> (ms²).</param>
/// <param name="JitterMaxVariance"><c>in_jitter_max_variance</c> (ms²).</param>
/// <param name="JitterLossRate"><c>in_jitter_loss_rate</c> (a ratio).</param>
/// <param name="JitterBurstRate"><c>in_jitter_burst_rate</c> (not G.107 BurstR).</param>
/// <param name="MeanInterval"><c>in_mean_interval</c> (ms).</param>
public sealed record FreeSwitchSnapshot(
    int QualityPercentage,
    double Mos,
    long FlawTotal,
    double JitterMinVariance,
    double JitterMaxVariance,
    double JitterLossRate,
    double JitterBurstRate,
    double MeanInterval);
