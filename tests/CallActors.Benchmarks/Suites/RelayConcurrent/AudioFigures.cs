namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>What one audio run measured at the receivers and at the sender.</summary>
internal sealed record AudioFigures(
    int Calls,
    long Sent,
    long Received,
    int StreamsWithLoss,
    long InWindow,
    double WindowSeconds,
    MicrosecondHistogram Jitter,
    MicrosecondHistogram TransitJitter,
    MicrosecondHistogram SendLateness,
    long SendErrors,
    long Foreign,
    long Untimed,
    bool SenderRealtime)
{
    public long Lost => Sent - Received;

    public double LossPercent => Sent == 0 ? 0 : 100.0 * Lost / Sent;

    /// <summary>Packets that arrived per second inside the measurement window.</summary>
    public double PacketsPerSecond => InWindow / WindowSeconds;

    public double JitterP50 => Jitter.PercentileMilliseconds(0.50);

    public double JitterP99 => Jitter.PercentileMilliseconds(0.99);

    public double TransitJitterP50 => TransitJitter.PercentileMilliseconds(0.50);

    public double TransitJitterP99 => TransitJitter.PercentileMilliseconds(0.99);

    public double SendLateP99 => SendLateness.PercentileMilliseconds(0.99);
}
