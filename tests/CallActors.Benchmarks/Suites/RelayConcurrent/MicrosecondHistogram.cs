using System.Diagnostics;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>Counts of durations in whole microseconds (up to 100 ms; longer ones count as 100 ms), for percentiles
/// without keeping millions of samples. One writer thread; read after it stopped.</summary>
internal sealed class MicrosecondHistogram
{
    private const int CeilingMicroseconds = 100_000;
    private static readonly double MicrosecondsPerTick = 1e6 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[CeilingMicroseconds + 1];

    public long Count { get; private set; }

    /// <summary>Adds a duration in Stopwatch ticks.</summary>
    public void AddTicks(long ticks) => AddMicroseconds((long)(ticks * MicrosecondsPerTick));

    public void AddNanoseconds(long nanoseconds) => AddMicroseconds(nanoseconds / 1000);

    private void AddMicroseconds(long microseconds)
    {
        _counts[Math.Clamp(microseconds, 0, CeilingMicroseconds)]++;
        Count++;
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank), in milliseconds; NaN when empty.</summary>
    public double PercentileMilliseconds(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return i / 1000.0;
            }
        }
        return CeilingMicroseconds / 1000.0;
    }
}
