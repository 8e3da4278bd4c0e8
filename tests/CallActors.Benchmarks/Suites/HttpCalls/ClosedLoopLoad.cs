using System.Diagnostics;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>
/// Closed-loop load on one target: <c>workers</c> tasks over as many connections, each sending its next request (for
/// a random call id) as soon as the previous one's body has arrived. It runs in rounds, so that the node's and the
/// baseline's rounds can alternate and a burst of work elsewhere on the machine lands on both; the rate is the
/// median of the measured rounds, the latencies are those of every request they completed.
/// </summary>
internal sealed class ClosedLoopLoad : IDisposable
{
    // A request slower than this is worth a line of its own: it waited on something (a lock, a sleep, a full pool).
    private static readonly long SlowTicks = Stopwatch.Frequency / 5;

    private readonly LoadTarget _target;
    private readonly int _workers;
    private readonly HttpClient _client;
    private readonly Random _random;
    private readonly LatencyRecorder _all;
    private readonly LatencyRecorder _first = new(HttpCallsOptions.StoredCalls + 1);
    private readonly List<double> _rates = [];
    private readonly List<double> _cpuPerRequest = [];
    private int _slowReported;

    /// <param name="target">Where the requests go.</param>
    /// <param name="workers">Concurrent requests, and connections.</param>
    /// <param name="measured">The measured rounds' total length, to size the latency array.</param>
    /// <param name="seed">Seeds the call ids the workers pick.</param>
    public ClosedLoopLoad(LoadTarget target, int workers, TimeSpan measured, int seed)
    {
        _target = target;
        _workers = workers;
        _client = target.CreateClient(workers);
        _random = new Random(seed);
        // Room for 150,000 requests/s (the bare baseline reaches about 65,000 here); beyond, requests still count
        // toward the rate, only their latencies are not kept.
        _all = new LatencyRecorder((int)Math.Min(1 << 26, 150_000 * measured.TotalSeconds));
    }

    /// <summary>The first 20 requests that went unanswered for longer than 200 ms, as lines of text.</summary>
    public List<string> SlowRequests { get; } = [];

    /// <summary>How many requests went unanswered for longer than 200 ms, warm-up included.</summary>
    public int SlowCount => Volatile.Read(ref _slowReported);

    /// <summary>A round whose requests are not measured: JIT tiering, connection set-up, caches.</summary>
    public Task WarmUpAsync(TimeSpan duration, FailureLog failures) => RunRoundAsync(duration, measure: false, failures);

    /// <summary>A measured round: its rate and CPU per request, and every latency.</summary>
    public Task MeasureAsync(TimeSpan duration, FailureLog failures) => RunRoundAsync(duration, measure: true, failures);

    public ClosedLoopFigures Figures() => new(_target.Label, Median(_rates), Median(_cpuPerRequest), _all.Summarize(), _first.Summarize());

    public void Dispose() => _client.Dispose();

    private async Task RunRoundAsync(TimeSpan duration, bool measure, FailureLog failures)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var completedBefore = _all.Count;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var seeds = Enumerable.Range(0, _workers).Select(_ => _random.Next()).ToList();
        var completed = await Task.WhenAll(seeds.Select(seed => WorkAsync(new Random(seed), started, end, measure, failures)));
        if (measure)
        {
            var requests = completed.Sum();
            _rates.Add(requests / duration.TotalSeconds);
            _cpuPerRequest.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / requests);
        }
    }

    /// <summary>One worker's requests until <paramref name="end"/>; returns how many completed before it.</summary>
    private async Task<long> WorkAsync(Random random, long started, long end, bool measure, FailureLog failures)
    {
        await Task.Yield();
        long completed = 0;
        while (true)
        {
            var id = random.Next(_target.Ids);
            var sent = Stopwatch.GetTimestamp();
            if (sent >= end)
            {
                return completed;
            }
            var first = _target.FirstRequestFor(id);
            await _target.GetAsync(_client, id, failures);
            var done = Stopwatch.GetTimestamp();
            if (done - sent > SlowTicks)
            {
                ReportSlow(id, started, sent, done);
            }
            if (measure && done < end)
            {
                completed++;
                _all.Add(done - sent);
                if (first)
                {
                    _first.Add(done - sent);
                }
            }
        }
    }

    private void ReportSlow(int id, long started, long sent, long done)
    {
        if (Interlocked.Increment(ref _slowReported) <= 20)
        {
            lock (SlowRequests)
            {
                SlowRequests.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{_target.Label} id {id}: {Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds:0} ms, sent {Stopwatch.GetElapsedTime(started, sent).TotalSeconds:0.000} s into a round"));
            }
        }
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}

/// <summary>A closed-loop target's median rate over the measured rounds, this whole process's CPU time (server and
/// load generator) per request, and the latencies of every measured request; <paramref name="FirstRequests"/> are
/// those that were the first for their call id.</summary>
internal sealed record ClosedLoopFigures(string Label, double RequestsPerSecond, double CpuMicrosecondsPerRequest, LatencyFigures Latency, LatencyFigures FirstRequests);
