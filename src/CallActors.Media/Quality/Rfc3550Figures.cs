namespace CallActors.Media.Quality;

/// <summary>A snapshot of the RFC 3550 receiver statistics of one source (model <see cref="Model"/>).</summary>
/// <param name="Ssrc">The source these figures describe.</param>
/// <param name="SsrcChanges">How many times the source changed on this stream (the first source is not a change).</param>
/// <param name="Received">Packets accepted by the A.1 validator, duplicates and late packets included.</param>
/// <param name="Expected">A.3 expected = extended highest sequence − base sequence + 1 (0 while in probation).</param>
/// <param name="Lost">A.3 cumulative lost = expected − received; negative when duplicates outnumber losses.</param>
/// <param name="CumulativeLostField">The RR "cumulative number of packets lost" field: <see cref="Lost"/> clamped to signed 24 bits.</param>
/// <param name="ExtendedHighestSequence">cycles × 65536 + highest sequence number (the RR field).</param>
/// <param name="Duplicates">Packets whose sequence number had already been received in the last 128.</param>
/// <param name="Reordered">Late packets: older than the highest sequence, not seen before.</param>
/// <param name="Rejected">Packets the validator did not count (probation, or a first packet after a large jump).</param>
/// <param name="JitterTimestampUnits">A.8 interarrival jitter J, in RTP timestamp units, full precision.</param>
/// <param name="JitterField">The RR "interarrival jitter" field: J truncated to an integer.</param>
/// <param name="JitterMilliseconds">J converted with <see cref="ClockRate"/>; 0 when the clock is unknown.</param>
/// <param name="MaxJitterMilliseconds">The largest J (in ms) seen after any packet.</param>
/// <param name="ClockRate">The RTP clock of the last packet used for jitter (0: unknown, jitter not computed).</param>
public sealed record Rfc3550Figures(
    uint Ssrc,
    int SsrcChanges,
    long Received,
    long Expected,
    long Lost,
    int CumulativeLostField,
    uint ExtendedHighestSequence,
    long Duplicates,
    long Reordered,
    long Rejected,
    double JitterTimestampUnits,
    uint JitterField,
    double JitterMilliseconds,
    double MaxJitterMilliseconds,
    int ClockRate)
{
    /// <summary>The label of the model these figures come from: RFC 3550 Appendix A, computed by us.</summary>
    public const string Model = "rfc3550";

    /// <summary>Cumulative loss as a ratio of expected packets (0 when nothing is expected; negative with duplicates).</summary>
    public double LossRatio => Expected == 0 ? 0 : (double)Lost / Expected;
}
