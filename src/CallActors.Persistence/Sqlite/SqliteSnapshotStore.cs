using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence.Sqlite;

/// <summary>The snapshot store in the same SQLite file as <see cref="SqliteJournal"/>.</summary>
public sealed class SqliteSnapshotStore : SqlSnapshotStore
{
    public SqliteSnapshotStore(SqliteJournalOptions options)
        : base(new SqliteDatabase(options), options.SnapshotTable)
    {
    }
}
