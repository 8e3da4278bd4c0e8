namespace CallActors.Media.Relay;

/// <summary>Lets a relay worker log a recurring problem at most once per interval and say how many occurrences it kept
/// quiet in between (the relay's single-threaded counterpart of the SIP transport's rate limiter).</summary>
internal sealed class RelayLogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly long _intervalTimestamps = (long)(interval.TotalSeconds * time.TimestampFrequency);
    private long _nextAllowed = long.MinValue;
    private long _suppressed;

    /// <summary>True when the caller should log now; <paramref name="suppressed"/> is then how many occurrences were not
    /// logged since the previous line. False (and the occurrence counted) within the interval.</summary>
    public bool TryEnter(out long suppressed)
    {
        var now = time.GetTimestamp();
        if (now < _nextAllowed)
        {
            _suppressed++;
            suppressed = 0;
            return false;
        }

        _nextAllowed = now + _intervalTimestamps;
        suppressed = _suppressed;
        _suppressed = 0;
        return true;
    }
}
