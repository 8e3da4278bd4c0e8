using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence.PostgreSql;

/// <summary>The snapshot store in PostgreSQL, beside <see cref="PostgreSqlJournal"/>.</summary>
public sealed class PostgreSqlSnapshotStore : SqlSnapshotStore
{
    public PostgreSqlSnapshotStore(PostgreSqlJournalOptions options)
        : base(new PostgreSqlDatabase(options), options.SnapshotTable)
    {
    }
}
