namespace CallActors.Persistence.Snapshots;

/// <summary>
/// Which snapshots a load or delete considers: sequence number and timestamp at most the maxima
/// (and at least the optional minima).
/// </summary>
public sealed record SnapshotSelectionCriteria(long MaxSequenceNr, DateTimeOffset MaxTimestamp)
{
    /// <summary>Every snapshot; loading picks the newest.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>No snapshot (recover from events only).</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, DateTimeOffset.MinValue);

    public long MinSequenceNr { get; init; }

    public DateTimeOffset MinTimestamp { get; init; } = DateTimeOffset.MinValue;
}
