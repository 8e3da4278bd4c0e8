using System.Diagnostics;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>Closed-loop load: <see cref="Workers"/> tasks, each sending its next request (for a random call id) as soon
/// as the previous one's body has arrived, over as many connections. Requests completing in the measured window
/// (after the warm-up) count toward the rate and the latencies.</summary>
internal sealed class ClosedLoopLoad(int workers, TimeSpan warmUp, TimeSpan window)
{
    // Room for 200,000 requests/s over the window; a faster run still counts them all but keeps the first ones' times.
    private readonly LatencyRecorder _all = new((int)Math.Min(int.MaxValue / 2, 200_000 * window.TotalSeconds));
    private readonly LatencyRecorder _first = new(1 << 16);

    public int Workers => workers;

    public TimeSpan WarmUp => warmUp;

    public TimeSpan Window => window;

    public async Task<ClosedLoopFigures> RunAsync(LoadTarget target, FailureLog failures, int seed)
    {
        using var client = target.CreateClient(workers);
        _all.Reset();
        _first.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(window.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => WorkAsync(client, target, new Random(seed + w), measureFrom, end, failures)));
        return new ClosedLoopFigures(target.Label, _all.Count / window.TotalSeconds, _all.Summarize(), _first.Summarize());
    }

    private async Task WorkAsync(HttpClient client, LoadTarget target, Random random, long measureFrom, long end, FailureLog failures)
    {
        await Task.Yield();
        while (true)
        {
            var id = random.Next(target.Ids);
            var sent = Stopwatch.GetTimestamp();
            if (sent >= end)
            {
                return;
            }
            var first = target.FirstRequestFor(id);
            await target.GetAsync(client, id, failures);
            var done = Stopwatch.GetTimestamp();
            if (done >= measureFrom && done < end)
            {
                _all.Add(done - sent);
                if (first)
                {
                    _first.Add(done - sent);
                }
            }
        }
    }
}

/// <summary>A closed-loop run's rate and latencies; <paramref name="FirstRequests"/> are those that were the first for
/// their call id.</summary>
internal sealed record ClosedLoopFigures(string Label, double RequestsPerSecond, LatencyFigures Latency, LatencyFigures FirstRequests);
