using System.Diagnostics;
using System.Globalization;

namespace CallActors.Benchmarks;

/// <summary>A benchmark suite: a hot path measured against its bare baseline.</summary>
internal interface IBenchmarkSuite
{
    string Name { get; }

    Task<SuiteResult> RunAsync(BenchmarkRun run);
}

/// <summary>The suite's figure, the baseline's, and their ratio, as one machine-readable line.</summary>
internal sealed record SuiteResult(string Suite, string Metric, double Value, double Baseline)
{
    public double Ratio => Value / Baseline;

    public string ToResultLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"RESULT suite={Suite} metric={Metric} value={Value:0} baseline={Baseline:0} ratio={Ratio:0.00}");
}

/// <summary>Runs measurements: a warm-up, then several rounds, reporting the median rate.</summary>
internal sealed class BenchmarkRun(bool quick)
{
    public bool Quick { get; } = quick;

    public int Rounds => Quick ? 3 : 5;

    /// <summary>Runs <paramref name="round"/> (which returns how many operations it did) and returns the median operations per second.</summary>
    public async Task<double> MeasureAsync(string label, Func<Task<long>> round)
    {
        await round(); // warm-up: JIT, tiering, pools
        var rates = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var started = Stopwatch.GetTimestamp();
            var operations = await round();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var rate = operations / elapsed.TotalSeconds;
            rates.Add(rate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-28} round {i + 1}: {operations,12:N0} ops in {elapsed.TotalMilliseconds,8:0.0} ms = {rate,14:N0} ops/s"));
        }

        rates.Sort();
        return rates[rates.Count / 2];
    }
}
