using System.Diagnostics;
using System.Globalization;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>CPU time of the node, of this harness and of the whole machine (busy, from /proc/stat): a sample, or with
/// <see cref="Since"/> the use over a window. What the machine spent beyond the node and the harness is someone
/// else's, and on 2 cores it shows in the jitter.</summary>
internal sealed record CpuUse(TimeSpan Node, TimeSpan Harness, TimeSpan Machine)
{
    private static readonly double ClockTicksPerSecond = Libc.ClockTicksPerSecond();

    public TimeSpan Other => Machine - Node - Harness;

    public static CpuUse Sample(NodeProcess? node)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuUse(node?.CpuTime ?? TimeSpan.Zero, self.TotalProcessorTime, MachineBusy());
    }

    public CpuUse Since(CpuUse earlier) => new(Node - earlier.Node, Harness - earlier.Harness, Machine - earlier.Machine);

    /// <summary><paramref name="time"/> as a percentage of one core over <paramref name="seconds"/>.</summary>
    public static double Percent(TimeSpan time, double seconds) => 100 * time.TotalSeconds / seconds;

    private static TimeSpan MachineBusy()
    {
        // cpu  user nice system idle iowait irq softirq steal ...
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / ClockTicksPerSecond);
    }
}
