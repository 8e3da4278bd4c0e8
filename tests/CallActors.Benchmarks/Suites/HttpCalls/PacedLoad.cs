using System.Diagnostics;
using CallActors.Benchmarks.Suites.RelayConcurrent;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>
/// Open-loop load at a fixed rate: request i is due at start + i / rate whatever happened to the others (a slow answer
/// does not hold the next request back), and its latency runs from when it was due, not from when it left, so a
/// stall counts for every request it delayed (no coordinated omission). A dedicated thread sends on schedule (real-time
/// priority when allowed, so that it wakes on time on a busy machine); how late it sent is counted in the latency too,
/// and reported on its own as the send lag. The first <c>warmUp</c> of requests is not measured.
/// </summary>
internal sealed class PacedLoad(int rate, TimeSpan warmUp, TimeSpan duration)
{
    // Enough connections that requests never queue for one unless the server stalls for this many intervals.
    private const int Connections = 64;
    private const int RealtimePriority = 10;

    public int Rate => rate;

    public TimeSpan WarmUp => warmUp;

    public TimeSpan Duration => duration;

    public async Task<PacedFigures> RunAsync(LoadTarget target, FailureLog failures, int seed)
    {
        var unmeasured = (int)(rate * warmUp.TotalSeconds);
        var count = unmeasured + (int)(rate * duration.TotalSeconds);
        var random = new Random(seed);
        var ids = Enumerable.Range(0, count).Select(_ => random.Next(target.Ids)).ToArray();
        var latencies = new long[count];
        var lags = new long[count];
        var first = new bool[count];
        var requests = new Task[count];
        using var client = target.CreateClient(Connections);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var interval = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var sent = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gcBefore = GcSnapshot.Take();
        var pacer = new Thread(() =>
        {
            Libc.SetTimerSlack(1);
            var realtime = Libc.SetRealtimePriority(RealtimePriority);
            for (var i = 0; i < count; i++)
            {
                if (i == unmeasured)
                {
                    gcBefore = GcSnapshot.Take();
                }
                var due = start + (long)(i * interval);
                var early = due - Stopwatch.GetTimestamp();
                if (early > 0)
                {
                    Libc.Sleep(early);
                }
                first[i] = target.FirstRequestFor(ids[i]);
                requests[i] = SendAsync(client, target, ids[i], due, i, latencies, lags, failures);
            }
            sent.SetResult(realtime);
        })
        {
            IsBackground = true,
            Name = "http-calls pacer",
        };
        pacer.Start();
        var realtime = await sent.Task;
        await Task.WhenAll(requests);
        var gc = GcSnapshot.Take() - gcBefore;

        var firsts = latencies.Skip(unmeasured).Where((_, i) => first[unmeasured + i]).Order().ToArray();
        var measured = latencies.AsSpan(unmeasured);
        measured.Sort();
        var measuredLags = lags.AsSpan(unmeasured);
        measuredLags.Sort();
        return new PacedFigures(target.Label, LatencyFigures.Of(measured), LatencyFigures.Of(firsts), LatencyFigures.Of(measuredLags), realtime, gc);
    }

    private static async Task SendAsync(HttpClient client, LoadTarget target, int id, long due, int i, long[] latencies, long[] lags, FailureLog failures)
    {
        lags[i] = Stopwatch.GetTimestamp() - due;
        await target.GetAsync(client, id, failures);
        latencies[i] = Stopwatch.GetTimestamp() - due;
    }
}

/// <summary>A paced run's latencies from when each request was due (all, and those that were the first for their call
/// id), how late the pacer sent them, whether it ran at real-time priority, and the garbage collections in the measured
/// part (they pause the server and the pacer alike).</summary>
internal sealed record PacedFigures(string Label, LatencyFigures Latency, LatencyFigures FirstRequests, LatencyFigures SendLag, bool Realtime, GcSnapshot Gc);
