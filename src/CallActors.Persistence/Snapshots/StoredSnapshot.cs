namespace CallActors.Persistence.Snapshots;

/// <summary>A serialized snapshot of an actor's state as the store holds it.</summary>
public sealed record StoredSnapshot(SnapshotMetadata Metadata, string Manifest, ReadOnlyMemory<byte> Payload);
