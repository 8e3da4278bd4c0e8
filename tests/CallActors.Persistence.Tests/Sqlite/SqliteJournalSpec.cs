using CallActors.Persistence.Journal;
using CallActors.Persistence.Sqlite;
using CallActors.Persistence.Tests.Infrastructure;
using CallActors.Persistence.Tests.Journal;

namespace CallActors.Persistence.Tests.Sqlite;

public sealed class SqliteJournalSpec(SqliteFileFixture file) : JournalSpec, IClassFixture<SqliteFileFixture>
{
    protected override IJournal CreateJournal(int pageSize = 1000) =>
        new SqliteJournal(file.Options with { ReplayBatchSize = pageSize });
}
