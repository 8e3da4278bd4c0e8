using System.Data.Common;
using System.Globalization;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace CallActors.Benchmarks.Suites;

/// <summary>A SQLite file in a temporary directory of its own, deleted with its WAL on disposal.</summary>
internal sealed class SqliteBenchmarkStore : BenchmarkStore
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "callactors-bench-" + Guid.NewGuid().ToString("N"));

    public SqliteBenchmarkStore()
    {
        Directory.CreateDirectory(_directory);
        Options = new SqliteJournalOptions { Path = Path.Combine(_directory, "journal.db") };
    }

    public SqliteJournalOptions Options { get; }

    public override string Description => $"SQLite (WAL, synchronous={Options.Synchronous.ToString().ToUpperInvariant()}) in {Path.GetTempPath()}";

    // The fastest bare statement size on a 2-core VM (medians of 3 to 7 runs): 5 and 10 rows about
    // 115k rows/s, 1 and 20 about 100k, 50 and 100 65-80k. SqliteDatabase uses 20.
    public override int BareRowsPerStatement => 10;

    public override bool SingleWriter => true;

    protected override string JournalTable => $"\"{Options.JournalTable}\"";

    public override IJournal CreateJournal() => new SqliteJournal(Options);

    public override ISnapshotStore CreateSnapshotStore() => new SqliteSnapshotStore(Options);

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    protected override Task<DbConnection> OpenConnectionAsync()
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Options.Path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        var synchronous = Options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
        var busy = ((long)Options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        pragmas.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = {busy};";
        pragmas.ExecuteNonQuery();
        return Task.FromResult<DbConnection>(connection);
    }
}
