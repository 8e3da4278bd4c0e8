namespace CallActors.Interop.Tests.Media;

/// <summary>How well <see cref="RtpStreamSender"/> kept to a schedule: per packet, how late it left its due time.</summary>
internal sealed record RtpSendReport(IReadOnlyList<TimeSpan> Lateness)
{
    public int Sent => Lateness.Count;

    public TimeSpan MaxLateness => Sent == 0 ? TimeSpan.Zero : Lateness.Max();

    public TimeSpan MeanLateness => Sent == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Lateness.Average(l => l.Ticks));

    /// <summary>The lateness 95 % of packets stay within.</summary>
    public TimeSpan P95Lateness => Sent == 0 ? TimeSpan.Zero : Lateness.Order().ElementAt((int)Math.Ceiling(0.95 * Sent) - 1);

    public override string ToString() =>
        $"{Sent} packets sent; lateness mean {MeanLateness.TotalMilliseconds:F3} ms, p95 {P95Lateness.TotalMilliseconds:F3} ms, max {MaxLateness.TotalMilliseconds:F3} ms";
}
