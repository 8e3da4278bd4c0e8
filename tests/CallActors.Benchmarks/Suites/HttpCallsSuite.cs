using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using CallActors.Benchmarks.Suites.HttpCalls;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// The HTTP edge reading stored calls: a whole node in this process (127.0.90.1) with 10,000 finished calls in its
/// journal, asked <c>GET /v2/accounts/{A}/calls/{id}</c> (the read model) and <c>GET …/call_inspector/{id}</c> (the
/// call's actor, started from the journal when it is not alive) for random ids. Open loop at 1,000 requests/s: latency
/// from each request's due time, on the node and on a bare Kestrel (127.0.90.2) that answers the same bytes; then
/// closed loop from 16 connections, in rounds alternating node and baseline: requests/s and latency. Goal: ratio ≥ 0.5,
/// p99 &lt; 5 ms at 1,000/s. The load generator runs in the same process, on the same cores, as the server it measures.
/// </summary>
internal sealed class HttpCallsSuite : IBenchmarkSuite
{
    // Calls beyond the measured ones, asked for only while warming up: the inspector's code (actor start, journal
    // replay, inspection) gets compiled at its final tier without waking the measured calls' actors.
    private const int WarmUpCalls = 500;
    private const int CallsPerWrite = 250;
    private const int PacedRate = 1_000;
    private const double GoalRatio = 0.5;
    private const double GoalP99Milliseconds = 5;
    private const string Realm = "bench.example.com";

    private static readonly IPAddress NodeAddress = IPAddress.Parse("127.0.90.1");
    private static readonly IPAddress BaselineAddress = IPAddress.Parse("127.0.90.2");
    private static readonly ApiRoute[] AllRoutes = [new("calls", "calls"), new("inspector", "call_inspector")];

    public string Name => "http-calls";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        var options = HttpCallsOptions.Parse(Environment.GetCommandLineArgs().Skip(1), run.Quick);
        var routes = AllRoutes.Where(r => options.Routes.Contains(r.Name)).ToList();
        var round = options.Duration / run.Rounds;
        var paced = new PacedLoad(PacedRate, TimeSpan.FromSeconds(1), options.Duration);
        var failures = new FailureLog();
        var seeds = new Random(20_261_121);

        var setup = Stopwatch.StartNew();
        await using var node = await BenchmarkNode.StartAsync(NodeAddress);
        var (accountId, token) = await node.CreateAccountAsync("bench", Realm);
        var started = DateTimeOffset.UtcNow.AddDays(-1);
        var calls = Enumerable.Range(0, HttpCallsOptions.StoredCalls + WarmUpCalls)
            .Select(i => new StoredCall(string.Create(CultureInfo.InvariantCulture, $"bench-{i:D5}-{i * 7919 % 100_003:x5}"), accountId, Realm, started.AddSeconds(i * 8)))
            .ToList();
        var stored = Stopwatch.StartNew();
        await node.StoreCallsAsync(calls, CallsPerWrite);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Name}: node on {node.Edge.Address}, {calls.Count:N0} calls ({HttpCallsOptions.StoredCalls:N0} measured, {WarmUpCalls} for the warm-up; " +
            $"{calls[0].Events().Count()} events, 14 SIP messages each) written to its journal " +
            $"{CallsPerWrite} per transaction and projected in {stored.Elapsed.TotalSeconds:0.0} s (setup {setup.Elapsed.TotalSeconds:0.0} s)"));

        var callIds = calls.Select(c => c.CallId).ToList();
        var measuredIds = callIds.Take(options.Ids).ToList();
        var warmUpIds = callIds.Skip(HttpCallsOptions.StoredCalls).ToList();
        var captured = new List<(ApiRoute Route, CapturedResponse Response)>();
        using (var client = new HttpClient { BaseAddress = node.Edge.Address })
        {
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
            foreach (var route in AllRoutes)
            {
                captured.Add((route, await CapturedResponse.GetAsync(client, new Uri(route.PathFor(accountId, warmUpIds[0]), UriKind.Relative))));
            }
        }
        await using var baseline = await BareKestrel.StartAsync(BaselineAddress, captured);
        await CheckBaselineAsync(baseline, accountId, measuredIds[^1], token, captured);
        Console.WriteLine(
            $"  baseline: bare Kestrel on {baseline.Address} answering {string.Join(", ", captured.Select(c => $"{c.Route.Noun} with the node's {c.Response.Body.Length:N0} bytes ({c.Response.ContentType})"))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  paced: {PacedRate:N0} requests/s, {paced.WarmUp.TotalSeconds:0} s warm-up + {paced.Duration.TotalSeconds:0} s; " +
            $"closed loop: {options.Workers} workers and connections, {options.WarmUp.TotalSeconds:0} s warm-up each, then {run.Rounds} rounds of " +
            $"{round.TotalSeconds:0.#} s alternating node and baseline; random ids among {measuredIds.Count:N0}; load generator in this process, " +
            $"{Environment.ProcessorCount} cores shared with the server"));
        // The node runs under this process's GC settings, not those of the callactors executable (concurrent on).
        Console.WriteLine(
            $"  GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {(GCSettings.LatencyMode == GCLatencyMode.Batch ? "off" : "on")} " +
            "(DOTNET_gcConcurrent=1 gives the callactors executable's setting)");

        await WarmUpAsync(node, baseline, accountId, token, warmUpIds, options, run.Quick, failures, seeds);

        var throughputs = new List<SuiteResult>();
        var latencies = new List<SuiteResult>();
        foreach (var route in routes)
        {
            var nodeTarget = new LoadTarget($"node {route.Noun}", node.Edge.Address, token, route, accountId, measuredIds);
            var bareTarget = new LoadTarget($"bare {route.Noun}", baseline.Address, token, route, accountId, measuredIds);
            // Paced first, while the stored calls' actors are passivated, as an API user asking for stored calls finds
            // them; then the closed loop (which starts most of them), then the node paced again with them alive.
            Console.WriteLine($"  {route.Noun}: call actors alive: {await node.CountCallActorsAsync():N0}");
            var nodePaced = await paced.RunAsync(nodeTarget, failures, seeds.Next());
            Report(nodePaced);
            var barePaced = await paced.RunAsync(bareTarget, failures, seeds.Next());
            Report(barePaced);

            using var nodeLoad = new ClosedLoopLoad(nodeTarget, options.Workers, options.Duration, seeds.Next());
            using var bareLoad = new ClosedLoopLoad(bareTarget, options.Workers, options.Duration, seeds.Next());
            await nodeLoad.WarmUpAsync(options.WarmUp, failures);
            await bareLoad.WarmUpAsync(options.WarmUp, failures);
            for (var i = 0; i < run.Rounds; i++)
            {
                await nodeLoad.MeasureAsync(round, failures);
                await bareLoad.MeasureAsync(round, failures);
            }
            var nodeClosed = nodeLoad.Figures();
            var bareClosed = bareLoad.Figures();
            Report(nodeClosed, nodeLoad);
            Report(bareClosed, bareLoad);

            Console.WriteLine($"    node paced again, with {await node.CountCallActorsAsync():N0} call actors alive:");
            Report(await paced.RunAsync(nodeTarget, failures, seeds.Next()));

            var throughput = new SuiteResult($"{Name}-{route.Name}", "requests/s", nodeClosed.RequestsPerSecond, bareClosed.RequestsPerSecond);
            var latency = new SuiteResult($"{Name}-{route.Name}-p99", $"p99-us@{PacedRate}rps", nodePaced.Latency.P99 * 1000, barePaced.Latency.P99 * 1000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {route.Noun}: ratio {throughput.Ratio:0.00} (goal ≥ {GoalRatio}: {(throughput.Ratio >= GoalRatio ? "met" : "missed")}); " +
                $"p99 at {PacedRate:N0}/s {nodePaced.Latency.P99:0.00} ms (goal < {GoalP99Milliseconds} ms: {(nodePaced.Latency.P99 < GoalP99Milliseconds ? "met" : "missed")})"));
            throughputs.Add(throughput);
            latencies.Add(latency);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"{failures.Count:N0} requests did not get a 200; the first: {failures.First}");
        }
        // The runner prints the line this returns; the others come first.
        foreach (var result in throughputs.Concat(latencies).SkipLast(1))
        {
            Console.WriteLine(result.ToResultLine());
        }
        return latencies[^1];
    }

    /// <summary>Load on both routes of both servers with the spare calls, unmeasured, until the JIT has compiled what
    /// the runs use at its final tier (on 2 busy cores it was still compiling 10 s into the first run otherwise).</summary>
    private static async Task WarmUpAsync(BenchmarkNode node, BareKestrel baseline, string accountId, string token, List<string> ids, HttpCallsOptions options, bool quick, FailureLog failures, Random seeds)
    {
        var warmUp = Stopwatch.StartNew();
        foreach (var route in AllRoutes)
        {
            foreach (var (label, address, seconds) in new[] { ("node", node.Edge.Address, quick ? 2 : 6), ("bare", baseline.Address, quick ? 1 : 2) })
            {
                using var load = new ClosedLoopLoad(new LoadTarget($"warm-up {label} {route.Noun}", address, token, route, accountId, ids), options.Workers, TimeSpan.Zero, seeds.Next());
                await load.WarmUpAsync(TimeSpan.FromSeconds(seconds), failures);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up on the {ids.Count} spare calls: {warmUp.Elapsed.TotalSeconds:0} s"));
    }

    /// <summary>The baseline must answer exactly what the node answered, whatever the ids.</summary>
    private static async Task CheckBaselineAsync(BareKestrel baseline, string accountId, string callId, string token, IEnumerable<(ApiRoute Route, CapturedResponse Response)> captured)
    {
        using var client = new HttpClient { BaseAddress = baseline.Address };
        client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        foreach (var (route, expected) in captured)
        {
            var answer = await CapturedResponse.GetAsync(client, new Uri(route.PathFor(accountId, callId), UriKind.Relative));
            if (!answer.Body.AsSpan().SequenceEqual(expected.Body) || answer.ContentType != expected.ContentType)
            {
                throw new InvalidOperationException($"the bare baseline answered {route.Noun} with {answer.Body.Length} bytes ({answer.ContentType}), not the node's {expected.Body.Length} ({expected.ContentType})");
            }
        }
    }

    private static void Report(ClosedLoopFigures figures, ClosedLoopLoad load)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {figures.Label,-20} closed loop: {figures.RequestsPerSecond,7:N0} requests/s (median round), {figures.CpuMicrosecondsPerRequest,4:0} us CPU per request, {figures.Latency}"));
        if (figures.FirstRequests.Count > 0 && figures.Label.StartsWith("node", StringComparison.Ordinal))
        {
            Console.WriteLine($"    {"",-20} first request for a call id: {figures.FirstRequests}");
        }
        if (load.SlowCount > 0)
        {
            Console.WriteLine($"    {"",-20} {load.SlowCount:N0} requests over 200 ms, the first: {string.Join("; ", load.SlowRequests.Take(5))}");
        }
    }

    private static void Report(PacedFigures figures)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {figures.Label,-20} paced:       latency from due time {figures.Latency}; sent late by p50 {figures.SendLag.P50:0.000} ms, " +
            $"p99 {figures.SendLag.P99:0.000} ms{(figures.Realtime ? "" : " (pacer not real-time: no CAP_SYS_NICE)")}; {figures.Gc}"));
        if (figures.FirstRequests.Count > 0 && figures.Label.StartsWith("node", StringComparison.Ordinal))
        {
            Console.WriteLine($"    {"",-20} first request for a call id: {figures.FirstRequests}");
        }
    }
}
