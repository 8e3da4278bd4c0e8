namespace CallActors.Media.Quality;

/// <summary>One stream's <c>tshark -q -z rtp,streams</c> figures as TShark 4.0.17 computes them (model <see cref="Model"/>).</summary>
/// <remarks>Where tshark prints −1 (min) and 0 (mean, max) because nothing was measured, these are null.</remarks>
/// <param name="Packets">The Pkts column: every packet of the stream, duplicates and late ones included.</param>
/// <param name="Expected">Last packet's sequence number + 65536 × wraps − first sequence number + 1, as an unsigned
/// 32-bit value (4.0 uses the last packet's number, not the highest, so a stream ending on a late packet is short).</param>
/// <param name="Lost">The Lost column: <see cref="Expected"/> − <see cref="Packets"/> as signed 32 bits; negative with duplicates.</param>
/// <param name="SequenceErrors">Packets flagged "wrong sequence number": each forward gap event and each late or duplicate packet.</param>
/// <param name="WrongTimestamps">Packets whose timestamp is before the stream's first timestamp (kept out of every statistic).</param>
/// <param name="MinDeltaMilliseconds">Min Delta: smallest arrival gap to the previous in-time packet, over regular packets.</param>
/// <param name="MeanDeltaMilliseconds">Mean Delta: the sum of regular packets' deltas divided by all packets but the first.</param>
/// <param name="MaxDeltaMilliseconds">Max Delta.</param>
/// <param name="MinJitterMilliseconds">Min Jitter: the smallest running jitter after a regular packet with a known clock.</param>
/// <param name="MeanJitterMilliseconds">Mean Jitter: the sum of those running jitters divided by all packets but the first.</param>
/// <param name="MaxJitterMilliseconds">Max Jitter.</param>
/// <param name="MeanRegularDeltaMilliseconds">Not printed by tshark: the mean arrival interval over regular packets only.</param>
/// <param name="ClockRate">The last clock rate used for jitter, Hz; 0 when none was known.</param>
public sealed record WiresharkFigures(
    long Packets,
    long Expected,
    long Lost,
    long SequenceErrors,
    long WrongTimestamps,
    double? MinDeltaMilliseconds,
    double? MeanDeltaMilliseconds,
    double? MaxDeltaMilliseconds,
    double? MinJitterMilliseconds,
    double? MeanJitterMilliseconds,
    double? MaxJitterMilliseconds,
    double? MeanRegularDeltaMilliseconds,
    int ClockRate)
{
    /// <summary>The label of the model these figures come from.</summary>
    public const string Model = "wireshark-4.0";

    /// <summary>The percentage tshark prints next to Lost (0 when nothing is expected).</summary>
    public double LostPercent => Expected == 0 ? 0 : Lost * 100.0 / Expected;
}
