using CallActors.Persistence.Journal;
using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Tests.Infrastructure;

namespace CallActors.Persistence.Tests.Actors;

[RequiresPostgres]
public sealed class PostgreSqlPersistentActorSpec(PostgresSchemaFixture schema) : PersistentActorSpec, IClassFixture<PostgresSchemaFixture>
{
    protected override IJournal CreateJournal() => new PostgreSqlJournal(schema.Options);

    protected override ISnapshotStore CreateSnapshotStore() => new PostgreSqlSnapshotStore(schema.Options);
}
