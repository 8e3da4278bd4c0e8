using System.Data;
using System.Data.Common;
using System.Net.Sockets;

namespace CallActors.Persistence.Journal;

/// <summary>
/// The database under a <see cref="SqlJournal"/> or <see cref="Snapshots.SqlSnapshotStore"/>:
/// connections, the few dialect differences and error translation. A plugin derives one per engine.
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    /// <summary>Names the database in error messages, e.g. "SQLite database '/data/callactors.db'".</summary>
    public abstract string Description { get; }

    /// <summary>The most bind parameters one statement may carry.</summary>
    protected internal abstract int MaxParametersPerStatement { get; }

    /// <summary>
    /// The most rows one multi-row INSERT should carry; a batch larger than this is several
    /// statements in one transaction. Unlimited (up to the parameter limit) by default.
    /// </summary>
    protected internal virtual int PreferredRowsPerStatement => int.MaxValue;

    /// <summary>The quoted, schema-qualified name of a table.</summary>
    protected internal abstract string QualifyTableName(string table);

    /// <summary>Idempotent DDL for the journal table; run in a transaction.</summary>
    protected internal abstract string CreateJournalTableSql(string table);

    /// <summary>Idempotent DDL for the snapshot table; run in a transaction.</summary>
    protected internal abstract string CreateSnapshotTableSql(string table);

    /// <summary>A case-sensitive "column contains the bound string" condition.</summary>
    protected internal abstract string ContainsSql(string column, string parameterName);

    protected internal abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Opens files or pools; idempotent. Throws <see cref="JournalStorageException"/>.</summary>
    protected internal virtual Task OpenAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// An open connection. Write connections are for statements that change data; an engine with a
    /// single writer (SQLite) hands out one at a time.
    /// </summary>
    protected internal abstract ValueTask<DbConnection> RentConnectionAsync(bool write, CancellationToken ct);

    protected internal abstract ValueTask ReturnConnectionAsync(DbConnection connection, bool write);

    /// <summary>
    /// A command for <paramref name="sql"/>. When <paramref name="reusable"/>, an engine may hand back
    /// a cached, prepared command that already has its parameters; callers then only set values.
    /// </summary>
    protected internal virtual DbCommand CreateCommand(DbConnection connection, string sql, bool reusable)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    protected internal virtual void ReleaseCommand(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Dispose();
    }

    /// <summary>Wraps a storage failure into one line naming the database and the cause.</summary>
    protected internal virtual JournalStorageException ToStorageException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new JournalStorageException($"{Description} failed: {exception.Message}", exception);
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Whether a table or schema name is a plain identifier (letters, digits, underscores, at most 63
    /// characters, not starting with a digit), so it needs no escaping on any engine.
    /// </summary>
    public static bool IsValidIdentifier(string? name) =>
        name is { Length: > 0 and <= 63 }
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// The journal DDL shared by all engines (Akka.Persistence.Sql's default layout); only the
    /// ordering column and the binary type differ.
    /// </summary>
    protected static string JournalTableDdl(string qualifiedTable, string table, string orderingColumn, string binaryType) =>
        $"""
        CREATE TABLE IF NOT EXISTS {qualifiedTable} (
            {orderingColumn},
            persistence_id VARCHAR({SqlJournal.PersistenceIdMaxLength}) NOT NULL,
            sequence_number BIGINT NOT NULL,
            deleted BOOLEAN NOT NULL DEFAULT false,
            created BIGINT NOT NULL,
            manifest VARCHAR({SqlJournal.ManifestMaxLength}) NOT NULL,
            payload {binaryType} NOT NULL,
            writer_uuid VARCHAR({SqlJournal.WriterUuidMaxLength}) NOT NULL,
            tags VARCHAR({SqlJournal.TagsMaxLength}),
            CONSTRAINT "{table}_uq" UNIQUE (persistence_id, sequence_number)
        );
        """;

    /// <summary>The snapshot DDL shared by all engines; only the binary type differs.</summary>
    protected static string SnapshotTableDdl(string qualifiedTable, string binaryType) =>
        $"""
        CREATE TABLE IF NOT EXISTS {qualifiedTable} (
            persistence_id VARCHAR({SqlJournal.PersistenceIdMaxLength}) NOT NULL,
            sequence_number BIGINT NOT NULL,
            created BIGINT NOT NULL,
            manifest VARCHAR({SqlJournal.ManifestMaxLength}) NOT NULL,
            payload {binaryType} NOT NULL,
            PRIMARY KEY (persistence_id, sequence_number)
        );
        """;

    /// <summary>A double-quoted identifier; names are validated plain identifiers.</summary>
    protected static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal static bool IsStorageFailure(Exception exception) =>
        exception is DbException or IOException or TimeoutException or SocketException or UnauthorizedAccessException;

    internal static void AddParameter(DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a rented connection and turns any storage failure, renting
    /// included, into a <see cref="JournalStorageException"/>.
    /// </summary>
    internal async Task<T> UseConnectionAsync<T>(bool write, Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        DbConnection? connection = null;
        try
        {
            connection = await RentConnectionAsync(write, ct).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw ToStorageException(e);
        }
        finally
        {
            if (connection is not null)
            {
                await ReturnConnectionAsync(connection, write).ConfigureAwait(false);
            }
        }
    }

    internal async Task CreateSchemaAsync(string ddl, CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        await UseConnectionAsync(
            write: true,
            async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = ddl;
                    command.Transaction = transaction;
                    await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return true;
            },
            ct).ConfigureAwait(false);
    }

    internal Task<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken ct) =>
        UseConnectionAsync(
            write: true,
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                bind(command);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            ct);

    internal Task<object?> ScalarAsync(string sql, Action<DbCommand> bind, CancellationToken ct) =>
        UseConnectionAsync(
            write: false,
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                bind(command);
                var result = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return result is DBNull ? null : result;
            },
            ct);

    /// <summary>
    /// Reads a whole result into memory and gives the connection back before the caller sees a row,
    /// so a slow consumer (an actor replaying) never holds a connection or a read transaction.
    /// </summary>
    internal Task<List<T>> QueryAsync<T>(
        string sql,
        Action<DbCommand> bind,
        Func<DbDataReader, T> map,
        CancellationToken ct) =>
        UseConnectionAsync(
            write: false,
            async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                bind(command);
                await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var rows = new List<T>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }

                return rows;
            },
            ct);
}
