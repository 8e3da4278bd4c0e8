using CallActors.Persistence.Journal;
using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.Tests.Infrastructure;
using Npgsql;

namespace CallActors.Persistence.Tests.PostgreSql;

/// <summary>What only PostgreSQL has: schemas, concurrent nodes creating the tables, the named constraint.</summary>
public sealed class PostgreSqlJournalTests(PostgresSchemaFixture schema) : IClassFixture<PostgresSchemaFixture>
{
    [PostgresFact]
    public async Task Nodes_starting_together_create_the_schema_once_without_failing()
    {
        var journals = Enumerable.Range(0, 4).Select(_ => new PostgreSqlJournal(schema.Options)).ToArray();
        var stores = Enumerable.Range(0, 2).Select(_ => new PostgreSqlSnapshotStore(schema.Options)).ToArray();
        try
        {
            await Task.WhenAll(journals.Select(j => j.InitializeAsync()).Concat(stores.Select(s => s.InitializeAsync())));
        }
        finally
        {
            foreach (var journal in journals)
            {
                await journal.DisposeAsync();
            }

            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        await using var dataSource = NpgsqlDataSource.Create(PostgresEnvironment.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace " +
            "WHERE n.nspname = $1 AND c.contype = 'u'");
        command.Parameters.AddWithValue(schema.Schema);
        Assert.Equal("journal_uq", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_naming_it_but_not_the_password()
    {
        await using var journal = new PostgreSqlJournal(new PostgreSqlJournalOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=callactors;Password=s3cret-pw;Database=calls;Timeout=5",
        });

        var error = await Assert.ThrowsAsync<JournalStorageException>(() => journal.InitializeAsync());

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'calls'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new PostgreSqlJournal(new PostgreSqlJournalOptions { ConnectionString = "Host=x", Schema = "bad name\"; drop" }));

        Assert.Contains("Schema", error.Message, StringComparison.Ordinal);
    }
}
