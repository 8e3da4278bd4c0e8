using CallActors.Actors.Hosting;
using CallActors.Persistence.Hosting;
using CallActors.Persistence.Journal;

namespace CallActors.Persistence.PostgreSql.Hosting;

/// <summary>The shared journal of a cluster: PostgreSQL.</summary>
public static class PostgreSqlBuilderExtensions
{
    public static CallActorsBuilder WithPostgreSqlPersistence(
        this CallActorsBuilder builder,
        PostgreSqlJournalOptions postgres,
        PersistenceOptions? options = null,
        BatchingJournalWriterOptions? writerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        postgres.Validate();
        return builder.WithPersistence(_ => (new PostgreSqlJournal(postgres), new PostgreSqlSnapshotStore(postgres)), options, writerOptions);
    }
}
