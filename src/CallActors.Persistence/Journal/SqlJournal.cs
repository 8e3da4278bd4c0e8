using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CallActors.Persistence.Journal;

/// <summary>
/// The journal on a SQL database with Akka.Persistence.Sql's table layout; the engine specifics
/// live in <see cref="SqlDatabase"/>.
/// </summary>
public abstract class SqlJournal : IJournal
{
    public const int PersistenceIdMaxLength = 255;
    public const int ManifestMaxLength = 500;
    public const int WriterUuidMaxLength = 128;
    public const int TagsMaxLength = 1000;

    private const int ColumnsPerRow = 7;
    private const string SelectColumns =
        "ordering, persistence_id, sequence_number, created, manifest, payload, writer_uuid, tags";

    // The order the insert binds its columns in.
    private static readonly DbType[] ColumnTypes =
    [
        DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.Binary, DbType.String, DbType.String,
    ];

    private readonly SqlDatabase _database;
    private readonly string _tableName;
    private readonly int _pageSize;
    private readonly int _maxRowsPerStatement;
    private readonly string _insertPrefix;
    private readonly ConcurrentDictionary<int, string> _insertSql = new();
    private readonly string _replaySql;
    private readonly string _highestSql;
    private readonly string _deleteSql;
    private readonly string _readAllSql;
    private readonly string _readAllByTagSql;
    private readonly string _persistenceIdsSql;
    private int _disposed;

    /// <param name="database">Owned: disposed with the journal.</param>
    /// <param name="tableName">Unquoted journal table name.</param>
    /// <param name="pageSize">Rows per round trip when replaying or reading (Akka's replay-batch-size).</param>
    protected SqlJournal(SqlDatabase database, string tableName, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _database = database;
        _tableName = tableName;
        _pageSize = pageSize;
        _maxRowsPerStatement = Math.Max(
            1,
            Math.Min(database.MaxParametersPerStatement / ColumnsPerRow, database.PreferredRowsPerStatement));

        var table = database.QualifyTableName(tableName);
        _insertPrefix =
            $"INSERT INTO {table} (persistence_id, sequence_number, created, manifest, payload, writer_uuid, tags) VALUES ";
        _replaySql =
            $"SELECT {SelectColumns} FROM {table} WHERE persistence_id = @pid AND sequence_number >= @from " +
            "AND sequence_number <= @to AND deleted = false ORDER BY sequence_number LIMIT @limit";
        _highestSql =
            $"SELECT MAX(sequence_number) FROM {table} WHERE persistence_id = @pid AND sequence_number >= @from";
        _deleteSql =
            $"UPDATE {table} SET deleted = true WHERE persistence_id = @pid AND sequence_number <= @to AND deleted = false";
        _readAllSql =
            $"SELECT {SelectColumns} FROM {table} WHERE ordering > @after AND deleted = false ORDER BY ordering LIMIT @limit";
        _readAllByTagSql =
            $"SELECT {SelectColumns} FROM {table} WHERE ordering > @after AND deleted = false " +
            $"AND {database.ContainsSql("tags", "@tag")} ORDER BY ordering LIMIT @limit";
        _persistenceIdsSql =
            $"SELECT DISTINCT persistence_id FROM {table} WHERE persistence_id > @after ORDER BY persistence_id LIMIT @limit";
    }

    public Task InitializeAsync(CancellationToken ct = default) =>
        _database.CreateSchemaAsync(_database.CreateJournalTableSql(_tableName), ct);

    public async Task<IReadOnlyList<Exception?>> WriteAsync(
        IReadOnlyList<AtomicWrite> writes,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var results = new Exception?[writes.Count];
        var accepted = new List<AtomicWrite>(writes.Count);
        var acceptedIndexes = new List<int>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            results[i] = Validate(writes[i]);
            if (results[i] is null)
            {
                accepted.Add(writes[i]);
                acceptedIndexes.Add(i);
            }
        }

        if (accepted.Count == 0)
        {
            return results;
        }

        await _database.UseConnectionAsync(
            write: true,
            async connection =>
            {
                try
                {
                    await InsertInOneTransactionAsync(connection, accepted, ct).ConfigureAwait(false);
                }
                catch (DbException e) when (_database.IsUniqueViolation(e))
                {
                    // One conflicting write must not take its batch-mates down with it: retry each
                    // in its own transaction so only the offender is rejected.
                    for (var i = 0; i < accepted.Count; i++)
                    {
                        try
                        {
                            await InsertInOneTransactionAsync(connection, [accepted[i]], ct).ConfigureAwait(false);
                        }
                        catch (DbException single) when (_database.IsUniqueViolation(single))
                        {
                            results[acceptedIndexes[i]] = new JournalConcurrencyException(
                                accepted[i].PersistenceId,
                                accepted[i].LowestSequenceNr,
                                single);
                        }
                    }
                }

                return true;
            },
            ct).ConfigureAwait(false);

        return results;
    }

    public async IAsyncEnumerable<PersistentRepresentation> ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var next = fromSequenceNr;
        var remaining = max;
        while (remaining > 0 && next <= toSequenceNr)
        {
            var limit = (int)Math.Min(remaining, _pageSize);
            var from = next;
            var page = await _database.QueryAsync(
                _replaySql,
                command =>
                {
                    SqlDatabase.AddParameter(command, "@pid", persistenceId, DbType.String);
                    SqlDatabase.AddParameter(command, "@from", from, DbType.Int64);
                    SqlDatabase.AddParameter(command, "@to", toSequenceNr, DbType.Int64);
                    SqlDatabase.AddParameter(command, "@limit", limit, DbType.Int64);
                },
                ReadEvent,
                ct).ConfigureAwait(false);
            foreach (var @event in page)
            {
                yield return @event;
            }

            if (page.Count < limit || page[^1].SequenceNr == long.MaxValue)
            {
                yield break;
            }

            remaining -= page.Count;
            next = page[^1].SequenceNr + 1;
        }
    }

    public async Task<long> ReadHighestSequenceNrAsync(
        string persistenceId,
        long fromSequenceNr = 0,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var highest = await _database.ScalarAsync(
            _highestSql,
            command =>
            {
                SqlDatabase.AddParameter(command, "@pid", persistenceId, DbType.String);
                SqlDatabase.AddParameter(command, "@from", fromSequenceNr, DbType.Int64);
            },
            ct).ConfigureAwait(false);
        return highest is null ? 0 : Convert.ToInt64(highest, CultureInfo.InvariantCulture);
    }

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _database.ExecuteAsync(
            _deleteSql,
            command =>
            {
                SqlDatabase.AddParameter(command, "@pid", persistenceId, DbType.String);
                SqlDatabase.AddParameter(command, "@to", toSequenceNr, DbType.Int64);
            },
            ct);
    }

    public async IAsyncEnumerable<PersistentRepresentation> ReadAllAsync(
        long afterOrdering,
        int max,
        string? tag = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (tag is not null && TagList.Problem(tag) is { } problem)
        {
            throw new ArgumentException($"Cannot search by tag: {problem}.", nameof(tag));
        }

        var after = afterOrdering;
        var remaining = max;
        while (remaining > 0)
        {
            var limit = Math.Min(remaining, _pageSize);
            var from = after;
            var page = await _database.QueryAsync(
                tag is null ? _readAllSql : _readAllByTagSql,
                command =>
                {
                    SqlDatabase.AddParameter(command, "@after", from, DbType.Int64);
                    SqlDatabase.AddParameter(command, "@limit", limit, DbType.Int64);
                    if (tag is not null)
                    {
                        SqlDatabase.AddParameter(command, "@tag", TagList.SearchTerm(tag), DbType.String);
                    }
                },
                ReadEvent,
                ct).ConfigureAwait(false);
            foreach (var @event in page)
            {
                yield return @event;
            }

            if (page.Count < limit)
            {
                yield break;
            }

            remaining -= page.Count;
            after = page[^1].Ordering;
        }
    }

    public async IAsyncEnumerable<string> ReadPersistenceIdsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var after = string.Empty;
        while (true)
        {
            var from = after;
            var page = await _database.QueryAsync(
                _persistenceIdsSql,
                command =>
                {
                    SqlDatabase.AddParameter(command, "@after", from, DbType.String);
                    SqlDatabase.AddParameter(command, "@limit", _pageSize, DbType.Int64);
                },
                reader => reader.GetString(0),
                ct).ConfigureAwait(false);
            foreach (var id in page)
            {
                yield return id;
            }

            if (page.Count < _pageSize)
            {
                yield break;
            }

            after = page[^1];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Rejects, before touching the database, a write the database would refuse for a reason that
    /// is not a conflict (a column too long): such a failure would otherwise fail the whole batch.
    /// </summary>
    private static ArgumentException? Validate(AtomicWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var id = write.PersistenceId;
        string? problem = null;
        if (string.IsNullOrEmpty(id) || id.Length > PersistenceIdMaxLength)
        {
            problem = $"the persistence id must have 1 to {PersistenceIdMaxLength} characters";
        }
        else if (write.LowestSequenceNr < 1)
        {
            problem = $"sequence numbers start at 1, got {write.LowestSequenceNr}";
        }
        else
        {
            foreach (var e in write.Events)
            {
                problem = ValidateEvent(e);
                if (problem is not null)
                {
                    break;
                }
            }
        }

        return problem is null
            ? null
            : new ArgumentException($"Write {write.LowestSequenceNr}..{write.HighestSequenceNr} of '{id}' rejected: {problem}.");
    }

    private static string? ValidateEvent(PersistentRepresentation e)
    {
        if (e.Manifest is null || e.Manifest.Length > ManifestMaxLength)
        {
            return $"event {e.SequenceNr}: the manifest must have at most {ManifestMaxLength} characters";
        }

        if (e.WriterUuid is null || e.WriterUuid.Length > WriterUuidMaxLength)
        {
            return $"event {e.SequenceNr}: the writer uuid must have at most {WriterUuidMaxLength} characters";
        }

        if (e.Tags is null)
        {
            return $"event {e.SequenceNr}: tags are null";
        }

        foreach (var tag in e.Tags)
        {
            if (TagList.Problem(tag) is { } problem)
            {
                return $"event {e.SequenceNr}: {problem}";
            }
        }

        if (TagList.Encode(e.Tags)?.Length > TagsMaxLength)
        {
            return $"event {e.SequenceNr}: the tags take more than {TagsMaxLength} characters";
        }

        return null;
    }

    private async Task InsertInOneTransactionAsync(
        DbConnection connection,
        IReadOnlyList<AtomicWrite> writes,
        CancellationToken ct)
    {
        var rows = Flatten(writes);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        for (var offset = 0; offset < rows.Length; offset += _maxRowsPerStatement)
        {
            var count = Math.Min(_maxRowsPerStatement, rows.Length - offset);
            var command = _database.CreateCommand(connection, InsertSql(count), reusable: true);
            try
            {
                command.Transaction = transaction;
                BindRows(command, rows, offset, count);
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                _database.ReleaseCommand(command);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private static PersistentRepresentation[] Flatten(IReadOnlyList<AtomicWrite> writes)
    {
        var total = 0;
        foreach (var write in writes)
        {
            total += write.Events.Count;
        }

        var rows = new PersistentRepresentation[total];
        var next = 0;
        foreach (var write in writes)
        {
            foreach (var e in write.Events)
            {
                rows[next++] = e;
            }
        }

        return rows;
    }

    private string InsertSql(int rows) => _insertSql.GetOrAdd(rows, BuildInsertSql);

    private string BuildInsertSql(int rows)
    {
        var sql = new StringBuilder(_insertPrefix, _insertPrefix.Length + (rows * 48));
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < ColumnsPerRow; column++)
            {
                if (column > 0)
                {
                    sql.Append(", ");
                }

                sql.Append(ParameterName((row * ColumnsPerRow) + column));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    private static string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    private static void BindRows(DbCommand command, PersistentRepresentation[] rows, int offset, int count)
    {
        var parameters = command.Parameters;
        if (parameters.Count == 0)
        {
            for (var i = 0; i < count * ColumnsPerRow; i++)
            {
                SqlDatabase.AddParameter(command, ParameterName(i), null, ColumnTypes[i % ColumnsPerRow]);
            }
        }

        var p = 0;
        for (var i = offset; i < offset + count; i++)
        {
            var e = rows[i];
            parameters[p++].Value = e.PersistenceId;
            parameters[p++].Value = e.SequenceNr;
            parameters[p++].Value = e.Timestamp.ToUnixTimeMilliseconds();
            parameters[p++].Value = e.Manifest;
            parameters[p++].Value = AsArray(e.Payload);
            parameters[p++].Value = e.WriterUuid;
            parameters[p++].Value = (object?)TagList.Encode(e.Tags) ?? DBNull.Value;
        }
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static PersistentRepresentation ReadEvent(DbDataReader reader) =>
        new(
            reader.GetString(1),
            reader.GetInt64(2),
            reader.IsDBNull(4) ? string.Empty : reader.GetString(4),
            reader.GetFieldValue<byte[]>(5),
            reader.IsDBNull(6) ? string.Empty : reader.GetString(6),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            TagList.Decode(reader.IsDBNull(7) ? null : reader.GetString(7)))
        {
            Ordering = reader.GetInt64(0),
        };
}
