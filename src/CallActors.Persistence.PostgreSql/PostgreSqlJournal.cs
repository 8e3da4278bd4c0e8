using CallActors.Persistence.Journal;

namespace CallActors.Persistence.PostgreSql;

/// <summary>The journal in PostgreSQL (Akka.Persistence.Sql's layout), over an NpgsqlDataSource.</summary>
public sealed class PostgreSqlJournal : SqlJournal
{
    public PostgreSqlJournal(PostgreSqlJournalOptions options)
        : base(new PostgreSqlDatabase(options), options.JournalTable, options.ReplayBatchSize)
    {
    }
}
