using System.Diagnostics;
using System.Globalization;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>CPU time of the node, of this harness and of the whole machine (all cores' time not idle, from the idle
/// time in /proc/stat): a sample, or with <see cref="Since"/> the use over a window. What the machine spent beyond the
/// node and the harness is someone else's, and on 2 cores it shows in the jitter. The harness's GC pauses stop its
/// sender too, so they are counted as well.</summary>
internal sealed record CpuUse(TimeSpan Node, TimeSpan Harness, TimeSpan Machine, TimeSpan HarnessGcPauses)
{
    private static readonly double ClockTicksPerSecond = Libc.ClockTicksPerSecond();
    private static readonly int Cores = File.ReadLines("/proc/stat").Count(line => line.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(line[3]));

    public TimeSpan Other => Machine - Node - Harness;

    public static CpuUse Sample(NodeProcess node)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuUse(node.CpuTime, self.TotalProcessorTime, MachineBusy(), GC.GetTotalPauseDuration());
    }

    public CpuUse Since(CpuUse earlier) =>
        new(Node - earlier.Node, Harness - earlier.Harness, Machine - earlier.Machine, HarnessGcPauses - earlier.HarnessGcPauses);

    /// <summary><paramref name="time"/> as a percentage of one core over <paramref name="seconds"/>.</summary>
    public static double Percent(TimeSpan time, double seconds) => 100 * time.TotalSeconds / seconds;

    /// <summary>Cores × time − idle time, from an arbitrary origin: only differences mean anything. The idle time is
    /// exact on a tickless kernel, the other /proc/stat columns are sampled at each tick and run short.</summary>
    private static TimeSpan MachineBusy()
    {
        // cpu  user nice system idle iowait ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var idle = (long.Parse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture) + long.Parse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        return (Cores * Stopwatch.GetElapsedTime(0)) - TimeSpan.FromSeconds(idle);
    }
}
