using System.Diagnostics;
using System.Globalization;
using System.Net;
using CallActors.Benchmarks.Suites.HttpCalls;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// The HTTP edge reading stored calls: a whole node in this process (127.0.90.1) with 10,000 finished calls in its
/// journal, asked <c>GET /v2/accounts/{A}/calls/{id}</c> (the read model) and <c>GET …/call_inspector/{id}</c> (the
/// call's actor, started from the journal if it is not alive) for random ids. Closed loop from 16 connections:
/// requests/s and latency, against a bare Kestrel (127.0.90.2) answering the same bytes in the same run; then open
/// loop at 1,000 requests/s: latency from each request's due time. Goal: ratio ≥ 0.5, p99 &lt; 5 ms at 1,000/s.
/// The load runs in the same process, on the same cores, as the server it measures (the node or the baseline).
/// </summary>
internal sealed class HttpCallsSuite : IBenchmarkSuite
{
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
        var closedLoop = new ClosedLoopLoad(options.Workers, options.WarmUp, options.Duration);
        var paced = new PacedLoad(PacedRate, options.Duration);
        var pacedWarmUp = new PacedLoad(PacedRate, TimeSpan.FromSeconds(1));

        var setup = Stopwatch.StartNew();
        await using var node = await BenchmarkNode.StartAsync(NodeAddress);
        var (accountId, token) = await node.CreateAccountAsync("bench", Realm);
        var started = DateTimeOffset.UtcNow.AddDays(-1);
        var calls = Enumerable.Range(0, HttpCallsOptions.StoredCalls)
            .Select(i => new StoredCall(string.Create(CultureInfo.InvariantCulture, $"bench-{i:D5}-{i * 7919 % 100_003:x5}"), accountId, Realm, started.AddSeconds(i * 8.64)))
            .ToList();
        var stored = Stopwatch.StartNew();
        await node.StoreCallsAsync(calls, CallsPerWrite);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Name}: node on {node.Edge.Address}, {calls.Count:N0} calls ({calls[0].Events().Count()} events, 14 SIP messages each) written to its journal " +
            $"{CallsPerWrite} per transaction and projected in {stored.Elapsed.TotalSeconds:0.0} s (setup {setup.Elapsed.TotalSeconds:0.0} s)"));

        var callIds = calls.Select(c => c.CallId).ToList();
        var requested = callIds.Take(options.Ids).ToList();
        var captured = new List<(ApiRoute Route, CapturedResponse Response)>();
        using (var client = new HttpClient { BaseAddress = node.Edge.Address })
        {
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
            foreach (var route in AllRoutes)
            {
                captured.Add((route, await CapturedResponse.GetAsync(client, new Uri(route.PathFor(accountId, callIds[0]), UriKind.Relative))));
            }
        }
        await using var baseline = await BareKestrel.StartAsync(BaselineAddress, captured);
        await CheckBaselineAsync(baseline, accountId, callIds[^1], token, captured);
        Console.WriteLine(
            $"  baseline: bare Kestrel on {baseline.Address} answering {string.Join(", ", captured.Select(c => $"{c.Route.Noun} with the node's {c.Response.Body.Length:N0} bytes ({c.Response.ContentType})"))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  closed loop: {options.Workers} workers and connections, {closedLoop.WarmUp.TotalSeconds:0} s warm-up + {closedLoop.Window.TotalSeconds:0} s; " +
            $"paced: {PacedRate:N0} requests/s for {pacedWarmUp.Duration.TotalSeconds:0} s warm-up + {paced.Duration.TotalSeconds:0} s; " +
            $"requests for random ids among {requested.Count:N0}; load generator in this process, {Environment.ProcessorCount} cores shared with the server"));

        var failures = new FailureLog();
        var results = new List<SuiteResult>();
        var latencyResults = new List<SuiteResult>();
        var seed = 20_261_121;
        foreach (var route in routes)
        {
            var nodeTarget = new LoadTarget($"node {route.Noun}", node.Edge.Address, token, route, accountId, requested);
            var bareTarget = new LoadTarget($"bare {route.Noun}", baseline.Address, token, route, accountId, requested);
            // The capture asked for the first call already (and started its actor): not a first request below.
            nodeTarget.FirstRequestFor(0);
            Console.WriteLine($"  {route.Noun}: call actors alive before: {await node.CountCallActorsAsync():N0}");

            var nodeClosed = await closedLoop.RunAsync(nodeTarget, failures, seed++);
            Report(nodeClosed);
            Console.WriteLine($"    call actors alive after: {await node.CountCallActorsAsync():N0}");
            var bareClosed = await closedLoop.RunAsync(bareTarget, failures, seed++);
            Report(bareClosed);

            await pacedWarmUp.RunAsync(nodeTarget, failures, seed++);
            var nodePaced = await paced.RunAsync(nodeTarget, failures, seed++);
            Report(nodePaced);
            await pacedWarmUp.RunAsync(bareTarget, failures, seed++);
            var barePaced = await paced.RunAsync(bareTarget, failures, seed++);
            Report(barePaced);

            var throughput = new SuiteResult($"{Name}-{route.Name}", "requests/s", nodeClosed.RequestsPerSecond, bareClosed.RequestsPerSecond);
            var latency = new SuiteResult($"{Name}-{route.Name}-p99", $"p99-us@{PacedRate}rps", nodePaced.Latency.P99 * 1000, barePaced.Latency.P99 * 1000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {route.Noun}: ratio {throughput.Ratio:0.00} (goal ≥ {GoalRatio}: {(throughput.Ratio >= GoalRatio ? "met" : "missed")}); " +
                $"p99 at {PacedRate:N0}/s {nodePaced.Latency.P99:0.00} ms (goal < {GoalP99Milliseconds} ms: {(nodePaced.Latency.P99 < GoalP99Milliseconds ? "met" : "missed")})"));
            results.Add(throughput);
            latencyResults.Add(latency);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"{failures.Count:N0} requests did not get a 200; the first: {failures.First}");
        }
        foreach (var result in results.Concat(latencyResults).SkipLast(1))
        {
            Console.WriteLine(result.ToResultLine());
        }
        return latencyResults[^1];
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

    private static void Report(ClosedLoopFigures figures)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {figures.Label,-24} closed loop: {figures.RequestsPerSecond,10:N0} requests/s, {figures.Latency}"));
        if (figures.FirstRequests.Count > 0 && figures.Label.StartsWith("node", StringComparison.Ordinal))
        {
            Console.WriteLine($"    {"",-24} first request for a call id: {figures.FirstRequests}");
        }
    }

    private static void Report(PacedFigures figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {figures.Label,-24} paced:       latency from due time {figures.Latency}; sent late by p50 {figures.SendLag.P50:0.000} ms, p99 {figures.SendLag.P99:0.000} ms"));
}
