namespace CallActors.Media.Monitoring;

/// <summary>The "rfc3550" figures of the inbound stream's current source: RFC 3550 Appendix A loss and
/// interarrival jitter, with jitter and arrival-delta extremes by Wireshark's rules (reference §4.3) beside them.</summary>
/// <param name="Expected">A.3 expected: extended highest sequence − base sequence + 1 (probation packets excluded).</param>
/// <param name="Received">Packets the A.1 validator counted, duplicates and late packets included.</param>
/// <param name="Lost">Expected − received; negative when duplicates outnumber losses.</param>
/// <param name="LossRatio">Lost ÷ expected (0 when nothing is expected).</param>
/// <param name="Duplicates">Packets whose sequence number had already arrived.</param>
/// <param name="Reordered">Late packets: behind the highest sequence number, not seen before.</param>
/// <param name="SequenceWraps">How often the 16-bit sequence number wrapped (the cycles of the extended sequence).</param>
/// <param name="InterarrivalJitterMilliseconds">A.8 jitter J now, in ms (DTMF kept out); null while no clock is known.</param>
/// <param name="InterarrivalJitterMaxMilliseconds">The largest J seen, in ms; null while no clock is known.</param>
/// <param name="JitterMinMilliseconds">Wireshark's Min Jitter: over regular packets (no first, marker, CN, after-CN or old-timestamp packet).</param>
/// <param name="JitterMeanMilliseconds">Wireshark's Mean Jitter (its denominator counts every packet).</param>
/// <param name="JitterMaxMilliseconds">Wireshark's Max Jitter.</param>
/// <param name="DeltaMinMilliseconds">Wireshark's Min Delta: the smallest arrival gap between regular packets.</param>
/// <param name="DeltaMeanMilliseconds">Wireshark's Mean Delta (its denominator counts every packet).</param>
/// <param name="DeltaMaxMilliseconds">Wireshark's Max Delta.</param>
/// <param name="MeanIntervalMilliseconds">The mean arrival gap over regular packets only.</param>
/// <param name="SequenceErrors">Wireshark's "wrong sequence number" count: gap events plus late or duplicate packets.</param>
public sealed record Rfc3550Snapshot(
    long Expected,
    long Received,
    long Lost,
    double LossRatio,
    long Duplicates,
    long Reordered,
    int SequenceWraps,
    double? InterarrivalJitterMilliseconds,
    double? InterarrivalJitterMaxMilliseconds,
    double? JitterMinMilliseconds,
    double? JitterMeanMilliseconds,
    double? JitterMaxMilliseconds,
    double? DeltaMinMilliseconds,
    double? DeltaMeanMilliseconds,
    double? DeltaMaxMilliseconds,
    double? MeanIntervalMilliseconds,
    long SequenceErrors);
