namespace CallActors.Media.Monitoring;

/// <summary>How a <see cref="MediaLegMonitor"/> rates and counts a leg's media.</summary>
public sealed record MediaMonitorOptions
{
    /// <summary>The one-way delay Ta the E-model uses while no round trip is known (no RTCP SR/RR exchange yet, or
    /// none at all). 0 by default: without a measurement the rating is listening quality only (reference §5.3); any
    /// value up to G.107's mT = 100 ms rates the same (Id = 0), so a clean G.711 call reads R 93.2 and
    /// MOS 4.41 either way.</summary>
    public double DefaultOneWayDelayMilliseconds { get; init; }

    /// <summary>RFC 3550 A.1 probation: a new source's first packet is neither expected nor received until a second
    /// in-order packet confirms it (set false to count from the first packet, as VoIPmonitor can).</summary>
    public bool RequireProbation { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        if (!double.IsFinite(DefaultOneWayDelayMilliseconds) || DefaultOneWayDelayMilliseconds < 0)
        {
            throw new ArgumentException(
                $"Invalid {nameof(MediaMonitorOptions)}: {nameof(DefaultOneWayDelayMilliseconds)} must be a finite number of ms, at least 0, got {DefaultOneWayDelayMilliseconds}.");
        }
    }
}
