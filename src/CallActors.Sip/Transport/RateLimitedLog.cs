namespace CallActors.Sip.Transport;

/// <summary>Lets a hot loop log a recurring problem at most once per interval and say how many occurrences it kept
/// quiet in between, so a flood of bad packets cannot flood the log.</summary>
/// <example><code>
/// if (_rejects.TryEnter(out var suppressed)) LogRejected(_logger, remote, error, suppressed);
/// </code></example>
public sealed class RateLimitedLog
{
    private readonly TimeProvider _time;
    private readonly long _intervalTimestamps;
    private long _nextAllowed = long.MinValue;
    private long _suppressed;

    public RateLimitedLog(TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _time = time;
        _intervalTimestamps = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>One warning per second.</summary>
    public RateLimitedLog(TimeProvider time)
        : this(time, TimeSpan.FromSeconds(1))
    {
    }

    /// <summary>True when the caller should log now; <paramref name="suppressed"/> is then the number of occurrences
    /// not logged since the previous line. False (and the occurrence counted) while within the interval.</summary>
    public bool TryEnter(out long suppressed)
    {
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + _intervalTimestamps, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }
        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
