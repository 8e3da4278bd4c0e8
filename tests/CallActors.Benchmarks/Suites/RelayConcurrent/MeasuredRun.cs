namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>One audio run's figures and the CPU the node, the harness and everyone else used over its window.</summary>
internal sealed record MeasuredRun(AudioFigures Audio, CpuUse Cpu)
{
    public double NodeCpuPercent => CpuUse.Percent(Cpu.Node, Audio.WindowSeconds);

    public double HarnessCpuPercent => CpuUse.Percent(Cpu.Harness, Audio.WindowSeconds);

    public double OtherCpuPercent => CpuUse.Percent(Cpu.Other, Audio.WindowSeconds);
}
