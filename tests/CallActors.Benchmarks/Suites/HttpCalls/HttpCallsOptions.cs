using System.Globalization;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>What http-calls runs, from its command-line options (<c>--name=value</c>, since bare words name
/// suites).</summary>
internal sealed record HttpCallsOptions
{
    /// <summary>How many calls the node's journal holds.</summary>
    public const int StoredCalls = 10_000;

    public const string Usage =
        "http-calls options: --workers=16 (closed-loop workers and connections) --duration=10 (seconds measured per run) " +
        "--ids=10000 (requests pick among the first N stored calls) --routes=calls,inspector";

    public int Workers { get; init; } = 16;

    /// <summary>The closed loop's warm-up, before each measured window.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The closed loop's measured window, and the paced run's length.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int Ids { get; init; } = StoredCalls;

    public IReadOnlyList<string> Routes { get; init; } = ["calls", "inspector"];

    /// <summary>Reads the options; <paramref name="quick"/> means a 1 s warm-up and 3 s runs unless they say otherwise.</summary>
    public static HttpCallsOptions Parse(IEnumerable<string> arguments, bool quick)
    {
        var options = quick ? new HttpCallsOptions { WarmUp = TimeSpan.FromSeconds(1), Duration = TimeSpan.FromSeconds(3) } : new HttpCallsOptions();
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (argument, "") : (argument[..equals], argument[(equals + 1)..]);
            options = name switch
            {
                "--workers" => options with { Workers = ParseInt(name, value) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(ParseInt(name, value)) },
                "--ids" => options with { Ids = ParseInt(name, value) },
                "--routes" => options with { Routes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => options, // another suite's option, or the runner's
            };
        }
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? options : throw new SuiteUnavailableException(string.Join("; ", problems) + "\n" + Usage);
    }

    public IEnumerable<string> Validate()
    {
        if (Workers is < 1 or > 1024)
        {
            yield return "--workers: between 1 and 1024";
        }
        if (Duration < TimeSpan.FromSeconds(1))
        {
            yield return "--duration: at least 1 second";
        }
        if (Ids is < 1 or > StoredCalls)
        {
            yield return $"--ids: between 1 and {StoredCalls}";
        }
        if (Routes.Count == 0 || Routes.Any(r => r is not ("calls" or "inspector")))
        {
            yield return "--routes: calls, inspector or both";
        }
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new SuiteUnavailableException($"{name}: '{value}' is not a whole number\n{Usage}");
}
