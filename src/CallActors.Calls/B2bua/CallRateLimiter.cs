using System.Diagnostics;

namespace CallActors.Calls.B2bua;

/// <summary>A token bucket for new calls: <c>rate</c> tokens a second, holding at most one second's worth. Used by one
/// actor only, so it needs no locking.</summary>
public sealed class CallRateLimiter
{
    private readonly double _rate;
    private double _tokens;
    private long _last;
    private bool _started;

    public CallRateLimiter(int callsPerSecond)
    {
        _rate = Math.Max(1, callsPerSecond);
        _tokens = _rate;
    }

    /// <summary>Takes a token at <paramref name="timestamp"/> (a TimeProvider timestamp); false when none is left.</summary>
    public bool TryAcquire(long timestamp, long timestampFrequency = 0)
    {
        var frequency = timestampFrequency > 0 ? timestampFrequency : Stopwatch.Frequency;
        if (_started)
        {
            var elapsed = (double)(timestamp - _last) / frequency;
            _tokens = Math.Min(_rate, _tokens + (elapsed * _rate));
        }
        _last = timestamp;
        _started = true;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens--;
        return true;
    }
}
