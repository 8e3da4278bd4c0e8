using System.Diagnostics;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>
/// Open-loop load at a fixed rate: request i is due at start + i / rate whatever happened to the others (a slow answer
/// does not hold the next request back), and its latency runs from when it was due, not from when it left, so a
/// stall counts for every request it delayed (no coordinated omission). A dedicated thread sends on schedule; it sleeps
/// in whole milliseconds, so requests leave up to about a millisecond late, which is counted too (and reported as the
/// send lag).
/// </summary>
internal sealed class PacedLoad(int rate, TimeSpan duration)
{
    // Enough connections that requests never queue for one unless the server stalls for this many intervals.
    private const int Connections = 64;

    public int Rate => rate;

    public TimeSpan Duration => duration;

    public async Task<PacedFigures> RunAsync(LoadTarget target, FailureLog failures, int seed)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var random = new Random(seed);
        var ids = Enumerable.Range(0, count).Select(_ => random.Next(target.Ids)).ToArray();
        var latencies = new long[count];
        var lags = new long[count];
        var requests = new Task[count];
        using var client = target.CreateClient(Connections);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var interval = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }
                requests[i] = SendAsync(client, target, ids[i], due, i, latencies, lags, failures);
            }
            sent.SetResult();
        })
        {
            IsBackground = true,
            Name = "http-calls pacer",
        };
        pacer.Start();
        await sent.Task;
        await Task.WhenAll(requests);

        Array.Sort(latencies);
        Array.Sort(lags);
        return new PacedFigures(target.Label, LatencyFigures.Of(latencies), LatencyFigures.Of(lags));
    }

    private static async Task SendAsync(HttpClient client, LoadTarget target, int id, long due, int i, long[] latencies, long[] lags, FailureLog failures)
    {
        lags[i] = Stopwatch.GetTimestamp() - due;
        await target.GetAsync(client, id, failures);
        latencies[i] = Stopwatch.GetTimestamp() - due;
    }
}

/// <summary>A paced run's latencies, from when each request was due, and how late the pacer sent them.</summary>
internal sealed record PacedFigures(string Label, LatencyFigures Latency, LatencyFigures SendLag);
