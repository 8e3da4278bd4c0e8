namespace CallActors.Media.Quality;

/// <summary>The RFC 3550 A.3 figures of one report interval (what one RR block would say about it).</summary>
/// <param name="ExpectedInterval">Packets expected since the previous interval closed.</param>
/// <param name="ReceivedInterval">Packets received since the previous interval closed.</param>
/// <param name="LostInterval">expected − received over the interval (may be negative with duplicates).</param>
/// <param name="FractionLost">The 8-bit RR "fraction lost" field: (lost &lt;&lt; 8) / expected, 0 when nothing was lost.</param>
public sealed record Rfc3550IntervalReport(long ExpectedInterval, long ReceivedInterval, long LostInterval, byte FractionLost)
{
    /// <summary>The label of the model these figures come from.</summary>
    public const string Model = Rfc3550Figures.Model;

    /// <summary>The fraction lost as a ratio (field ÷ 256).</summary>
    public double FractionLostRatio => FractionLost / 256.0;
}
