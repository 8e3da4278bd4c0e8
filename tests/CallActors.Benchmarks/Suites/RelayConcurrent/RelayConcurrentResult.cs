using System.Globalization;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One call count's figures with the calls through the node against the same harness sending directly, as
/// one machine-readable line.</summary>
/// <param name="Media">relay: both legs' audio went through the node's relay; direct: the node left the SDP alone.</param>
internal sealed record RelayConcurrentResult(string Media, AudioFigures Node, CpuUse Cpu, AudioFigures Direct, CpuUse DirectCpu)
{
    public int Calls => Node.Calls;

    public double AddedJitterP50 => Node.JitterP50 - Direct.JitterP50;

    public double AddedJitterP99 => Node.JitterP99 - Direct.JitterP99;

    public double NodeCpuPercent => CpuUse.Percent(Cpu.Node, Node.WindowSeconds);

    /// <summary>Node CPU per packet that reached a receiver through it in the window; NaN when the audio bypassed it.</summary>
    public double NodeCpuMicrosecondsPerPacket => Media == "relay" ? Cpu.Node.TotalMicroseconds / Node.InWindow : double.NaN;

    public string ToResultLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"RESULT suite=relay-concurrent calls={Calls} media={Media} window_s={Node.WindowSeconds:0} packets_per_s={Node.PacketsPerSecond:0} " +
        $"sent={Node.Sent} lost={Node.Lost} loss_pct={Node.LossPercent:0.0000} streams_with_loss={Node.StreamsWithLoss} " +
        $"jitter_p50_ms={Node.JitterP50:0.000} jitter_p99_ms={Node.JitterP99:0.000} " +
        $"baseline_jitter_p50_ms={Direct.JitterP50:0.000} baseline_jitter_p99_ms={Direct.JitterP99:0.000} " +
        $"added_jitter_p50_ms={AddedJitterP50:0.000} added_jitter_p99_ms={AddedJitterP99:0.000} " +
        $"node_cpu_pct={NodeCpuPercent:0.0} node_cpu_us_per_packet={NodeCpuMicrosecondsPerPacket:0.00} " +
        $"send_late_p99_ms={Node.SendLateP99:0.000} baseline_send_late_p99_ms={Direct.SendLateP99:0.000} " +
        $"baseline_lost={Direct.Lost} harness_cpu_pct={CpuUse.Percent(Cpu.Harness, Node.WindowSeconds):0.0} " +
        $"other_cpu_pct={CpuUse.Percent(Cpu.Other, Node.WindowSeconds):0.0} baseline_other_cpu_pct={CpuUse.Percent(DirectCpu.Other, Direct.WindowSeconds):0.0}");
}
