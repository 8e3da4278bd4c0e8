namespace CallActors.Edge.Metrics;

/// <summary>The values of one tag set of one instrument, updated from any thread without locks.</summary>
internal sealed class MetricSeries(int bucketCount)
{
    // One slot per bucket bound plus +Inf; empty for counters and gauges.
    private readonly long[] _buckets = bucketCount == 0 ? [] : new long[bucketCount];
    private long _long;
    // Doubles are kept as their bits so that Interlocked.CompareExchange compares bits, and a NaN total still
    // matches itself.
    private long _doubleBits;
    private long _sumBits;
    private volatile bool _observed;

    public long LongValue => Volatile.Read(ref _long);

    public double DoubleValue => BitConverter.Int64BitsToDouble(Volatile.Read(ref _doubleBits));

    public double Sum => BitConverter.Int64BitsToDouble(Volatile.Read(ref _sumBits));

    /// <summary>Whether an observable instrument reported this series in the current collection.</summary>
    public bool Observed
    {
        get => _observed;
        set => _observed = value;
    }

    public void AddLong(long amount) => Interlocked.Add(ref _long, amount);

    public void SetLong(long value)
    {
        Volatile.Write(ref _long, value);
        _observed = true;
    }

    public void AddDouble(double amount) => AddDouble(ref _doubleBits, amount);

    public void SetDouble(double value)
    {
        Volatile.Write(ref _doubleBits, BitConverter.DoubleToInt64Bits(value));
        _observed = true;
    }

    /// <summary>Counts <paramref name="value"/> in the first bucket whose bound is at least the value (NaN and values
    /// above the last bound in +Inf).</summary>
    public void Observe(double value, double[] bounds)
    {
        var i = 0;
        while (i < bounds.Length && !(value <= bounds[i]))
        {
            i++;
        }

        Interlocked.Increment(ref _buckets[i]);
        AddDouble(ref _sumBits, value);
    }

    public long[] BucketCounts()
    {
        var counts = new long[_buckets.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _buckets[i]);
        }

        return counts;
    }

    private static void AddDouble(ref long bits, double amount)
    {
        var current = Volatile.Read(ref bits);
        while (true)
        {
            var updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + amount);
            var seen = Interlocked.CompareExchange(ref bits, updated, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
