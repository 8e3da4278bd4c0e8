using CallActors.Persistence.PostgreSql;
using Npgsql;

namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>
/// A schema of its own per test class, so classes run in parallel and CI reruns start clean; the
/// stores create it, the fixture drops it. Connects only when a test asked for options, so a
/// skipped class never touches the network.
/// </summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    private int _used;

    public string Schema { get; } = "callactors_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgreSqlJournalOptions Options
    {
        get
        {
            Interlocked.Exchange(ref _used, 1);
            return new PostgreSqlJournalOptions { ConnectionString = PostgresEnvironment.ConnectionString, Schema = Schema };
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_used == 0)
        {
            return;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(PostgresEnvironment.ConnectionString);
            await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server is gone: the tests already failed on it, and there is nothing to drop.
        }
    }
}
