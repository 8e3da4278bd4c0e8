using CallActors.Sip.Transport;
using CallActors.TestKit;

namespace CallActors.Sip.Tests.Transport;

public sealed class RateLimitedLogTests
{
    [Fact]
    public void Logs_once_per_interval_and_then_reports_how_many_it_kept_quiet()
    {
        var time = new ManualTimeProvider();
        var log = new RateLimitedLog(time, TimeSpan.FromSeconds(1));

        Assert.True(log.TryEnter(out var first));
        Assert.False(log.TryEnter(out _));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(log.TryEnter(out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(log.TryEnter(out var later));

        Assert.Equal(0, first);
        Assert.Equal(2, later);
    }

    [Fact]
    public void Under_concurrent_use_every_occurrence_is_either_logged_or_counted_as_suppressed()
    {
        var time = new ManualTimeProvider();
        var log = new RateLimitedLog(time);
        var logged = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (log.TryEnter(out _))
            {
                Interlocked.Increment(ref logged);
            }
        });
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(log.TryEnter(out var suppressed));
        Assert.Equal(1, logged);
        Assert.Equal(9_999, suppressed);
    }
}
