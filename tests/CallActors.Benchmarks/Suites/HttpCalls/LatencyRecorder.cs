using System.Diagnostics;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>Request latencies in Stopwatch ticks, kept in an array allocated once, so that recording one during a run
/// allocates nothing and takes no lock. Any number of tasks add; percentiles are read after they stopped.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private long _count;

    /// <summary>Every latency added since the last reset, those beyond the capacity (not kept) included.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Add(long ticks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = ticks;
        }
    }

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Sorts what was kept (in place) and reads the percentiles.</summary>
    public LatencyFigures Summarize()
    {
        var kept = _ticks.AsSpan(0, (int)Math.Min(Count, _ticks.Length));
        kept.Sort();
        return LatencyFigures.Of(kept);
    }
}

/// <summary>Latency percentiles (nearest rank) in milliseconds; NaN when nothing was recorded.</summary>
internal sealed record LatencyFigures(int Count, double P50, double P99, double Max)
{
    private static readonly double MillisecondsPerTick = 1000.0 / Stopwatch.Frequency;

    /// <summary>The figures of <paramref name="sortedTicks"/>, which must be sorted.</summary>
    public static LatencyFigures Of(ReadOnlySpan<long> sortedTicks)
    {
        if (sortedTicks.IsEmpty)
        {
            return new LatencyFigures(0, double.NaN, double.NaN, double.NaN);
        }
        return new LatencyFigures(sortedTicks.Length, At(sortedTicks, 0.50), At(sortedTicks, 0.99), sortedTicks[^1] * MillisecondsPerTick);
    }

    private static double At(ReadOnlySpan<long> sortedTicks, double quantile) =>
        sortedTicks[Math.Max(0, (int)Math.Ceiling(quantile * sortedTicks.Length) - 1)] * MillisecondsPerTick;

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"p50 {P50:0.000} ms, p99 {P99:0.000} ms, max {Max:0.0} ms ({Count:N0} requests)");
}
