using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// A fresh, empty database for one benchmark round (a temporary SQLite file or PostgreSQL schema),
/// removed on disposal; it gives out our journal on it and bare ADO.NET connections tuned the way
/// the journal tunes its own, for the baselines.
/// </summary>
internal abstract class BenchmarkStore : IAsyncDisposable
{
    private const string Columns = "persistence_id, sequence_number, created, manifest, payload, writer_uuid, tags";
    private const int ColumnsPerRow = 7;

    /// <summary>What the journal is on, for the suite's description line.</summary>
    public abstract string Description { get; }

    /// <summary>Rows per multi-row INSERT in the bare baseline.</summary>
    public abstract int BareRowsPerStatement { get; }

    /// <summary>Whether the engine has one writer at a time (SQLite), so the baseline inserts from one connection.</summary>
    public abstract bool SingleWriter { get; }

    /// <summary>The quoted, qualified journal table.</summary>
    protected abstract string JournalTable { get; }

    public abstract IJournal CreateJournal();

    public abstract ISnapshotStore CreateSnapshotStore();

    public abstract ValueTask DisposeAsync();

    /// <summary>Creates the journal table the way the journal does, so the baselines use the same table and indexes.</summary>
    public async Task CreateSchemaAsync()
    {
        await using var journal = CreateJournal();
        await journal.InitializeAsync();
    }

    /// <summary>
    /// The bare INSERT: the rows in transactions of <paramref name="rowsPerTransaction"/> (the
    /// journal writer's batch) as prepared multi-row statements, from <paramref name="writers"/>
    /// connections at once (one on a single-writer engine). Returns the rows inserted.
    /// </summary>
    public async Task<long> InsertAsync(IReadOnlyList<PersistentRepresentation> rows, int rowsPerTransaction, int writers)
    {
        var transactions = (rows.Count + rowsPerTransaction - 1) / rowsPerTransaction;
        var next = -1;
        var inserted = await Task.WhenAll(Enumerable.Range(0, SingleWriter ? 1 : writers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenConnectionAsync();
            var statements = new Dictionary<int, DbCommand>();
            long count = 0;
            try
            {
                int t;
                while ((t = Interlocked.Increment(ref next)) < transactions)
                {
                    var end = Math.Min(rows.Count, (t + 1) * rowsPerTransaction);
                    await using var transaction = await connection.BeginTransactionAsync();
                    for (int offset = t * rowsPerTransaction, size; offset < end; offset += size)
                    {
                        size = Math.Min(BareRowsPerStatement, end - offset);
                        if (!statements.TryGetValue(size, out var insert))
                        {
                            insert = PrepareInsert(connection, size);
                            statements.Add(size, insert);
                        }

                        insert.Transaction = transaction;
                        Bind(insert, rows, offset, size);
                        count += await insert.ExecuteNonQueryAsync();
                    }

                    await transaction.CommitAsync();
                }
            }
            finally
            {
                foreach (var statement in statements.Values)
                {
                    await statement.DisposeAsync();
                }
            }

            return count;
        })));
        return inserted.Sum();
    }

    /// <summary>
    /// The bare SELECT: every column of each id's events read into memory (no deserialization), one
    /// query per id, from <paramref name="readers"/> connections at once. Returns the rows read.
    /// </summary>
    public async Task<long> SelectAsync(IReadOnlyList<string> persistenceIds, int readers)
    {
        var next = -1;
        var read = await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenConnectionAsync();
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT ordering, {Columns} FROM {JournalTable} WHERE persistence_id = {ParameterName(0)} ORDER BY sequence_number";
            var pid = AddParameter(select, 0, DbType.String);
            await select.PrepareAsync();
            long count = 0;
            int i;
            while ((i = Interlocked.Increment(ref next)) < persistenceIds.Count)
            {
                pid.Value = persistenceIds[i];
                var rows = new List<StoredRow>();
                await using (var reader = await select.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        rows.Add(new StoredRow(
                            reader.GetInt64(0),
                            reader.GetString(1),
                            reader.GetInt64(2),
                            reader.GetInt64(3),
                            reader.GetString(4),
                            reader.GetFieldValue<byte[]>(5),
                            reader.GetString(6),
                            reader.IsDBNull(7) ? null : reader.GetString(7)));
                    }
                }

                count += rows.Count;
            }

            return count;
        })));
        return read.Sum();
    }

    /// <summary>The rows in the journal table, to check a round stored what it claims.</summary>
    public async Task<long> CountRowsAsync()
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {JournalTable}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A connection set up as the journal sets up its own (pragmas, pooling).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync();

    private DbCommand PrepareInsert(DbConnection connection, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {JournalTable} ({Columns}) VALUES ");
        var insert = connection.CreateCommand();
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < ColumnsPerRow; column++)
            {
                var index = (row * ColumnsPerRow) + column;
                sql.Append(column == 0 ? string.Empty : ", ").Append(ParameterName(index));
                AddParameter(insert, index, column switch
                {
                    1 or 2 => DbType.Int64,
                    4 => DbType.Binary,
                    _ => DbType.String,
                });
            }

            sql.Append(')');
        }

        insert.CommandText = sql.ToString();
        insert.Prepare();
        return insert;
    }

    private static string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    private static DbParameter AddParameter(DbCommand command, int index, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = ParameterName(index);
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static void Bind(DbCommand insert, IReadOnlyList<PersistentRepresentation> rows, int offset, int count)
    {
        var parameters = insert.Parameters;
        var p = 0;
        for (var i = offset; i < offset + count; i++)
        {
            var e = rows[i];
            parameters[p++].Value = e.PersistenceId;
            parameters[p++].Value = e.SequenceNr;
            parameters[p++].Value = e.Timestamp.ToUnixTimeMilliseconds();
            parameters[p++].Value = e.Manifest;
            parameters[p++].Value = MemoryMarshal.TryGetArray(e.Payload, out var whole) && whole.Count == whole.Array!.Length ? whole.Array : e.Payload.ToArray();
            parameters[p++].Value = e.WriterUuid;
            parameters[p++].Value = DBNull.Value;
        }
    }

    private sealed record StoredRow(long Ordering, string PersistenceId, long SequenceNr, long Created, string Manifest, byte[] Payload, string WriterUuid, string? Tags);
}
