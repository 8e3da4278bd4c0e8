using System.Globalization;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One call count's figures with the calls through the node against the same harness sending directly, as
/// one machine-readable line.</summary>
internal sealed record RelayConcurrentResult(MediaPath Media, MeasuredRun Node, MeasuredRun Direct)
{
    public int Calls => Node.Audio.Calls;

    public double AddedJitterP50 => Node.Audio.JitterP50 - Direct.Audio.JitterP50;

    public double AddedJitterP99 => Node.Audio.JitterP99 - Direct.Audio.JitterP99;

    /// <summary>Node CPU per packet that reached a receiver through it in the window; NaN when the audio bypassed it.</summary>
    public double NodeCpuMicrosecondsPerPacket => Media == MediaPath.Relay ? Node.Cpu.Node.TotalMicroseconds / Node.Audio.InWindow : double.NaN;

    public string ToResultLine()
    {
        var (node, direct) = (Node.Audio, Direct.Audio);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT suite=relay-concurrent calls={Calls} media={Media.ToString().ToLowerInvariant()} window_s={node.WindowSeconds:0} " +
            $"packets_per_s={node.PacketsPerSecond:0} sent={node.Sent} lost={node.Lost} loss_pct={node.LossPercent:0.0000} " +
            $"streams_with_loss={node.StreamsWithLoss} jitter_p50_ms={node.JitterP50:0.000} jitter_p99_ms={node.JitterP99:0.000} " +
            $"baseline_jitter_p50_ms={direct.JitterP50:0.000} baseline_jitter_p99_ms={direct.JitterP99:0.000} " +
            $"added_jitter_p50_ms={AddedJitterP50:0.000} added_jitter_p99_ms={AddedJitterP99:0.000} " +
            $"transit_jitter_p50_ms={node.TransitJitterP50:0.000} transit_jitter_p99_ms={node.TransitJitterP99:0.000} " +
            $"baseline_transit_jitter_p50_ms={direct.TransitJitterP50:0.000} baseline_transit_jitter_p99_ms={direct.TransitJitterP99:0.000} " +
            $"node_cpu_pct={Node.NodeCpuPercent:0.0} node_cpu_us_per_packet={NodeCpuMicrosecondsPerPacket:0.00} " +
            $"send_late_p99_ms={node.SendLateP99:0.000} baseline_send_late_p99_ms={direct.SendLateP99:0.000} baseline_lost={direct.Lost} " +
            $"send_errors={node.SendErrors} foreign={node.Foreign} untimed={node.Untimed} harness_cpu_pct={Node.HarnessCpuPercent:0.0} " +
            $"other_cpu_pct={Node.OtherCpuPercent:0.0} baseline_other_cpu_pct={Direct.OtherCpuPercent:0.0}");
    }
}
