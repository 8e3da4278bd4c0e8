using System.Diagnostics;

namespace CallActors.Benchmarks;

/// <summary>
/// This process's CPU time per operation over the rounds it wraps (median), to tell where a gap to
/// the baseline comes from: our own CPU, or waiting on the database.
/// </summary>
internal sealed class CpuPerOperation
{
    private readonly List<double> _microseconds = [];

    public double Median
    {
        get
        {
            var sorted = _microseconds.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
        }
    }

    /// <summary>The round, measuring its CPU time as well.</summary>
    public Func<Task<long>> Wrap(Func<Task<long>> round) => async () =>
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var operations = await round();
        _microseconds.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / operations);
        return operations;
    };
}
