using CallActors.Persistence.Journal;
using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.Tests.Infrastructure;
using CallActors.Persistence.Tests.Journal;

namespace CallActors.Persistence.Tests.PostgreSql;

[RequiresPostgres]
public sealed class PostgreSqlJournalSpec(PostgresSchemaFixture schema) : JournalSpec, IClassFixture<PostgresSchemaFixture>
{
    protected override IJournal CreateJournal(int pageSize = 1000) =>
        new PostgreSqlJournal(schema.Options with { ReplayBatchSize = pageSize });
}
