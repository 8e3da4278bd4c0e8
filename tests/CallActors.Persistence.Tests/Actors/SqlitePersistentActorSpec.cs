using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Sqlite;
using CallActors.Persistence.Tests.Infrastructure;

namespace CallActors.Persistence.Tests.Actors;

public sealed class SqlitePersistentActorSpec(SqliteFileFixture file) : PersistentActorSpec, IClassFixture<SqliteFileFixture>
{
    protected override IJournal CreateJournal() => new SqliteJournal(file.Options);

    protected override ISnapshotStore CreateSnapshotStore() => new SqliteSnapshotStore(file.Options);
}
