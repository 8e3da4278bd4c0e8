namespace CallActors.Persistence.Snapshots;

/// <summary>Identifies a snapshot: whose, taken after which event, and when (millisecond precision).</summary>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);
