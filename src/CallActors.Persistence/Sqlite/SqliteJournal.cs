using CallActors.Persistence.Journal;

namespace CallActors.Persistence.Sqlite;

/// <summary>
/// The journal in one SQLite file (WAL): one writer connection that batches queue for, and
/// separate read connections that run beside it.
/// </summary>
public sealed class SqliteJournal : SqlJournal
{
    public SqliteJournal(SqliteJournalOptions options)
        : base(new SqliteDatabase(options), options.JournalTable, options.ReplayBatchSize)
    {
    }
}
