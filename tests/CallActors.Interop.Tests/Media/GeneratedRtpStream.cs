namespace CallActors.Interop.Tests.Media;

/// <summary>A generated RTP stream: its send schedule and the ground truth it implies, one entry per SSRC.</summary>
/// <param name="Schedule">Packets in send order; offsets never decrease.</param>
/// <param name="Sources">The SSRCs in order of appearance.</param>
/// <param name="RandomlyDropped">Slots dropped by <see cref="RtpStreamProfile.LossProbability"/>.</param>
internal sealed record GeneratedRtpStream(IReadOnlyList<ScheduledRtpPacket> Schedule, IReadOnlyList<RtpSourceTruth> Sources, int RandomlyDropped)
{
    /// <summary>Slots never sent, random and burst losses together.</summary>
    public int Dropped => Sources.Sum(s => s.Dropped);

    public int Duplicated => Sources.Sum(s => s.Duplicated);

    public RtpSourceTruth Source(uint ssrc) => Sources.Single(s => s.Ssrc == ssrc);
}
