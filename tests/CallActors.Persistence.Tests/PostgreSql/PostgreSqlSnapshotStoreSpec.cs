using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Tests.Infrastructure;
using CallActors.Persistence.Tests.Snapshots;

namespace CallActors.Persistence.Tests.PostgreSql;

[RequiresPostgres]
public sealed class PostgreSqlSnapshotStoreSpec(PostgresSchemaFixture schema) : SnapshotStoreSpec, IClassFixture<PostgresSchemaFixture>
{
    protected override ISnapshotStore CreateStore() => new PostgreSqlSnapshotStore(schema.Options);
}
