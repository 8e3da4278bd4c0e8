using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Sqlite;
using CallActors.Persistence.Tests.Infrastructure;
using CallActors.Persistence.Tests.Snapshots;

namespace CallActors.Persistence.Tests.Sqlite;

public sealed class SqliteSnapshotStoreSpec(SqliteFileFixture file) : SnapshotStoreSpec, IClassFixture<SqliteFileFixture>
{
    protected override ISnapshotStore CreateStore() => new SqliteSnapshotStore(file.Options);
}
