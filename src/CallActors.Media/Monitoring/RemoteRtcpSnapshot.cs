namespace CallActors.Media.Monitoring;

/// <summary>The "remote_rtcp" figures: what a leg reports over RTCP about the stream we send it, which we cannot
/// measure ourselves. Reported values, kept apart from ours (reference §5.3).</summary>
/// <param name="RtcpPacketsReceived">Valid RTCP compound packets the leg sent us.</param>
/// <param name="ReportsReceived">SR/RR report blocks about our stream.</param>
/// <param name="LastReportUnixNanos">Arrival of the latest such report block; null before one.</param>
/// <param name="FractionLost">The latest report's fraction lost since its previous report, as a ratio (field ÷ 256).</param>
/// <param name="CumulativeLost">The latest report's cumulative lost (signed: duplicates can make it negative).</param>
/// <param name="InterarrivalJitterMilliseconds">The latest report's jitter in ms, with the clock of the codec we send; null when that clock is unknown.</param>
/// <param name="RoundTripMilliseconds">Node↔leg round trip from the latest report echoing an SR we forwarded: arrival − forward time − DLSR.</param>
/// <param name="XrRFactor">RTCP XR VoIP Metrics R factor the leg computed (null when not sent or "unavailable").</param>
/// <param name="XrMosLq">XR MOS-LQ (listening quality).</param>
/// <param name="XrMosCq">XR MOS-CQ (conversational quality).</param>
public sealed record RemoteRtcpSnapshot(
    long RtcpPacketsReceived,
    long ReportsReceived,
    long? LastReportUnixNanos,
    double? FractionLost,
    int? CumulativeLost,
    double? InterarrivalJitterMilliseconds,
    double? RoundTripMilliseconds,
    int? XrRFactor,
    double? XrMosLq,
    double? XrMosCq)
{
    /// <summary>The label of these figures.</summary>
    public const string Model = "remote_rtcp";
}
