namespace CallActors.Persistence.Snapshots;

/// <summary>Stores snapshots of event-sourced actors' state. Implementations are thread-safe.</summary>
public interface ISnapshotStore : IAsyncDisposable
{
    /// <summary>Opens the database and creates the schema if missing; idempotent.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>The snapshot with the highest sequence number matching the criteria, or null.</summary>
    Task<StoredSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default);

    /// <summary>Stores a snapshot, replacing one with the same persistence id and sequence number.</summary>
    Task SaveAsync(StoredSnapshot snapshot, CancellationToken ct = default);

    /// <summary>Deletes every snapshot of the id matching the criteria.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default);
}
