using System.Data.Common;
using CallActors.Persistence.Journal;
using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.Snapshots;
using Npgsql;

namespace CallActors.Benchmarks.Suites;

/// <summary>A PostgreSQL schema of its own, created by the journal and dropped on disposal.</summary>
internal sealed class PostgresBenchmarkStore : BenchmarkStore
{
    private readonly NpgsqlDataSource _dataSource;
    private int _used;

    public PostgresBenchmarkStore(string connectionString)
    {
        Options = new PostgreSqlJournalOptions
        {
            ConnectionString = connectionString,
            Schema = "callactors_bench_" + Guid.NewGuid().ToString("N")[..12],
        };
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public PostgreSqlJournalOptions Options { get; }

    public override string Description => Describe(Options.ConnectionString);

    // The journal sends a whole batch as one statement (the parameter limit allows 9,362 rows).
    public override int BareRowsPerStatement => int.MaxValue;

    public override bool SingleWriter => false;

    protected override string JournalTable => $"\"{Options.Schema}\".\"{Options.JournalTable}\"";

    /// <summary>Fails the suite with a clear message when the server cannot be reached.</summary>
    public static async Task EnsureReachableAsync(string connectionString)
    {
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var connection = await dataSource.OpenConnectionAsync();
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new SuiteUnavailableException($"cannot reach {Describe(connectionString)}: {e.Message}");
        }
    }

    public override IJournal CreateJournal()
    {
        Interlocked.Exchange(ref _used, 1);
        return new PostgreSqlJournal(Options);
    }

    public override ISnapshotStore CreateSnapshotStore()
    {
        Interlocked.Exchange(ref _used, 1);
        return new PostgreSqlSnapshotStore(Options);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_used != 0)
        {
            await using var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Options.Schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        await _dataSource.DisposeAsync();
    }

    protected override async Task<DbConnection> OpenConnectionAsync()
    {
        Interlocked.Exchange(ref _used, 1);
        return await _dataSource.OpenConnectionAsync();
    }

    private static string Describe(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL at {target.Host}:{target.Port}";
    }
}
