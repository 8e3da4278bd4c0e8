using System.Globalization;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>What relay-concurrent runs, from its command-line options (<c>--name=value</c>, since bare words name
/// suites) and environment variables.</summary>
internal sealed record RelayConcurrentOptions
{
    /// <summary>The relay's port range (30000-39999) holds 2,500 calls: two RTP/RTCP port pairs each.</summary>
    private const int MaxCalls = 2_500;

    public const string Usage =
        "relay-concurrent options: --calls=200,400,800 --duration=30 (seconds per call count) --relay-workers=1 " +
        "--setup-rate=200 (calls/s) --direct-media (callactors.media.relay = off: the node leaves the SDP alone); " +
        "environment: CALLACTORS_NODE_DLL (a built callactors.dll instead of building one), CALLACTORS_RELAY_WORKERS, " +
        "BENCH_ENV=\"NAME=value ...\" (extra environment for the node)";

    public IReadOnlyList<int> Calls { get; init; } = [200, 400, 800];

    /// <summary>The measurement window per call count, after <see cref="Warmup"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int SetupPerSecond { get; init; } = 200;

    /// <summary>callactors.media.workers: the relay's threads.</summary>
    public int RelayWorkers { get; init; } = 1;

    /// <summary>callactors.media.relay: on anchors the audio on the node; off leaves the SDP alone (direct media).</summary>
    public bool Relay { get; init; } = true;

    public string? NodeDll { get; init; }

    public IReadOnlyDictionary<string, string> NodeEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the options; <paramref name="quick"/> means 100 calls for 5 s unless the options say otherwise.</summary>
    public static RelayConcurrentOptions Parse(IEnumerable<string> arguments, bool quick, Func<string, string?> environment)
    {
        var options = quick ? new RelayConcurrentOptions { Calls = [100], Duration = TimeSpan.FromSeconds(5) } : new RelayConcurrentOptions();
        if (environment("CALLACTORS_RELAY_WORKERS") is { Length: > 0 } workers)
        {
            options = options with { RelayWorkers = ParseInt("CALLACTORS_RELAY_WORKERS", workers) };
        }
        if (environment("CALLACTORS_NODE_DLL") is { Length: > 0 } dll)
        {
            options = options with { NodeDll = Path.GetFullPath(dll) };
        }
        if (environment("BENCH_ENV") is { Length: > 0 } extra)
        {
            options = options with { NodeEnvironment = ParseEnvironment(extra) };
        }
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (argument, "") : (argument[..equals], argument[(equals + 1)..]);
            options = name switch
            {
                "--calls" => options with { Calls = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => ParseInt(name, c)).ToList() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(ParseInt(name, value)) },
                "--relay-workers" => options with { RelayWorkers = ParseInt(name, value) },
                "--setup-rate" => options with { SetupPerSecond = ParseInt(name, value) },
                "--direct-media" => options with { Relay = false },
                _ => options, // another suite's option, or the runner's
            };
        }
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? options : throw new SuiteUnavailableException(string.Join("; ", problems) + "\n" + Usage);
    }

    public IEnumerable<string> Validate()
    {
        if (Calls.Count == 0 || Calls.Any(c => c is < 1 or > MaxCalls))
        {
            yield return $"--calls: each count must be between 1 and {MaxCalls}";
        }
        if (Duration < TimeSpan.FromSeconds(1))
        {
            yield return "--duration: at least 1 second";
        }
        if (SetupPerSecond < 1)
        {
            yield return "--setup-rate: at least 1 call per second";
        }
        if (RelayWorkers is < 1 or > 64)
        {
            yield return "--relay-workers: between 1 and 64";
        }
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new SuiteUnavailableException($"{name}: '{value}' is not a whole number\n{Usage}");

    private static Dictionary<string, string> ParseEnvironment(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                pair => pair[0],
                pair => pair.Length == 2 ? pair[1] : throw new SuiteUnavailableException($"BENCH_ENV: '{pair[0]}' is not NAME=value"));
}
