using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CallActors.Calls.ReadModel;

/// <summary>
/// The calls read model: one <see cref="CallSummary"/> row per call in a SQLite file (WAL), and the journal ordering
/// the rows reflect, both written by <see cref="CallReadModelProjector"/> in one transaction. It is a rebuildable cache,
/// never a source of truth: delete the file and restart the projector from offset 0, and it rebuilds the same rows
/// from the journal. One projector writes a store; any number of readers list and find beside it.
/// </summary>
/// <remarks>Times are stored as UTC ticks (INTEGER), so ordering and range filters are plain integer comparisons and
/// every <see cref="DateTimeOffset"/> comes back exactly, in UTC. One writer connection, guarded by a semaphore, and a
/// small pool of read connections that WAL lets run beside it.</remarks>
public sealed class CallReadModelStore : IAsyncDisposable
{
    // Bumped when the schema changes: a file with another version is a cache of an older layout, so its tables are
    // dropped and the projector rebuilds them from offset 0.
    private const int SchemaVersion = 1;
    private const string OffsetName = "calls";
    // Large enough for the HTTP edge's concurrency: opening a connection costs far more than a lookup, and with
    // SQLite's busy handler built without usleep a contended open can sleep a whole second.
    private const int MaxIdleReaders = 32;

    // Prepared statements kept per reader connection; list queries vary with their filters, so the cache is bounded.
    private const int MaxCachedCommands = 16;
    private const int MaxIdsPerStatement = 500;
    private const int BusyTimeoutSeconds = 5;

    // The column order every SELECT returns and the upsert binds; Read and Bind follow it.
    private static readonly string[] ColumnNames =
    [
        "call_id", "callee_call_id", "account_id", "realm", "node", "route", "from_header", "to_header", "from_user",
        "to_user", "direction", "status", "created_at", "updated_at", "ringing_at", "answered_at", "ended_at", "pdd_ms",
        "sip_code", "hangup_cause", "hangup_source", "dialogue_messages", "caller_mos", "callee_mos",
    ];

    private static readonly string Columns = string.Join(", ", ColumnNames);

    private static readonly string UpsertSql =
        $"INSERT INTO calls ({Columns}) VALUES ({string.Join(", ", ColumnNames.Select(c => "@" + c))}) " +
        $"ON CONFLICT (call_id) DO UPDATE SET {string.Join(", ", ColumnNames.Skip(1).Select(c => $"{c} = excluded.{c}"))}";

    private const string SchemaSql =
        """
        CREATE TABLE IF NOT EXISTS calls (
            call_id           TEXT    NOT NULL PRIMARY KEY,
            callee_call_id    TEXT,
            account_id        TEXT,
            realm             TEXT,
            node              TEXT    NOT NULL,
            route             TEXT,
            from_header       TEXT    NOT NULL,
            to_header         TEXT    NOT NULL,
            from_user         TEXT,
            to_user           TEXT,
            direction         TEXT    NOT NULL,
            status            TEXT    NOT NULL,
            created_at        INTEGER NOT NULL,
            updated_at        INTEGER NOT NULL,
            ringing_at        INTEGER,
            answered_at       INTEGER,
            ended_at          INTEGER,
            pdd_ms            REAL,
            sip_code          INTEGER,
            hangup_cause      TEXT,
            hangup_source     TEXT,
            dialogue_messages INTEGER NOT NULL,
            caller_mos        REAL,
            callee_mos        REAL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS calls_by_callee_call_id ON calls (callee_call_id);
        CREATE INDEX IF NOT EXISTS calls_by_account ON calls (account_id, created_at DESC, call_id DESC);
        -- Only calls without an account are found by realm; the partial index keeps the others out of it.
        CREATE INDEX IF NOT EXISTS calls_by_realm ON calls (realm, created_at DESC, call_id DESC) WHERE account_id IS NULL;
        CREATE TABLE IF NOT EXISTS projection_offsets (
            name     TEXT    NOT NULL PRIMARY KEY,
            ordering INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _storeOffset;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<ReaderConnection> _idleReaders = [];
    private int _disposed;

    private CallReadModelStore(string path, string connectionString, SqliteConnection writer)
    {
        Path = path;
        _connectionString = connectionString;
        _writer = writer;
        _upsert = writer.CreateCommand();
        _upsert.CommandText = UpsertSql;
        foreach (var column in ColumnNames)
        {
            _upsert.Parameters.Add(new SqliteParameter { ParameterName = "@" + column });
        }
        _storeOffset = writer.CreateCommand();
        _storeOffset.CommandText =
            "INSERT INTO projection_offsets (name, ordering) VALUES (@name, @ordering) " +
            "ON CONFLICT (name) DO UPDATE SET ordering = excluded.ordering";
        _storeOffset.Parameters.AddWithValue("@name", OffsetName);
        _storeOffset.Parameters.Add(new SqliteParameter { ParameterName = "@ordering", SqliteType = SqliteType.Integer });
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens the file (creating it, its directory and the schema when missing) in WAL mode.</summary>
    public static async Task<CallReadModelStore> OpenAsync(string path, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _ = NativeLibrary.Value;
        var fullPath = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(fullPath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // As the journal: our own writer and reader pool; Microsoft.Data.Sqlite's pool would keep the file open
            // after disposal, and a rebuild deletes it.
            Pooling = false,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();

        var writer = await OpenConnectionAsync(connectionString, ct).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(writer, "PRAGMA journal_mode = WAL", ct).ConfigureAwait(false);
            // A cache loses nothing to a power cut that the journal does not still hold.
            await ExecuteAsync(writer, "PRAGMA synchronous = NORMAL", ct).ConfigureAwait(false);
            await CreateSchemaAsync(writer, ct).ConfigureAwait(false);
            return new CallReadModelStore(fullPath, connectionString, writer);
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The journal ordering the rows reflect: every event up to it was applied (0 for a new store).</summary>
    public Task<long> ReadOffsetAsync(CancellationToken ct = default) =>
        ReadAsync(
            "SELECT ordering FROM projection_offsets WHERE name = @name",
            command => command.Parameters.AddWithValue("@name", OffsetName),
            async reader => await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : 0L,
            ct);

    /// <summary>Inserts or replaces the summaries and moves the offset to <paramref name="offset"/>, in one transaction:
    /// after a crash the rows and the offset agree, so no event is applied twice or lost.</summary>
    public async Task ApplyAsync(IReadOnlyCollection<CallSummary> upserts, long offset, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            using var transaction = _writer.BeginTransaction();
            _upsert.Transaction = transaction;
            _storeOffset.Transaction = transaction;
            try
            {
                foreach (var summary in upserts)
                {
                    Bind(_upsert.Parameters, summary);
                    await _upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                _storeOffset.Parameters["@ordering"].Value = offset;
                await _storeOffset.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                transaction.Commit();
            }
            finally
            {
                _upsert.Transaction = null;
                _storeOffset.Transaction = null;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The call whose caller or callee leg has this SIP Call-ID (the caller's wins if both match), or null.</summary>
    public Task<CallSummary?> FindAsync(string sipCallId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sipCallId);
        return ReadAsync(
            $"SELECT {Columns} FROM calls WHERE call_id = @id OR callee_call_id = @id LIMIT 2",
            command => command.Parameters.AddWithValue("@id", sipCallId),
            async reader =>
            {
                CallSummary? found = null;
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var summary = Read(reader);
                    if (found is null || string.Equals(summary.CallId, sipCallId, StringComparison.Ordinal))
                    {
                        found = summary;
                    }
                }
                return found;
            },
            ct);
    }

    /// <summary>The summaries of the calls with these ids (exact call ids); ids without a row are absent.</summary>
    public async Task<IReadOnlyDictionary<string, CallSummary>> GetManyAsync(IReadOnlyCollection<string> callIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(callIds);
        var found = new Dictionary<string, CallSummary>(StringComparer.Ordinal);
        foreach (var chunk in callIds.Distinct(StringComparer.Ordinal).Chunk(MaxIdsPerStatement))
        {
            var sql = new StringBuilder($"SELECT {Columns} FROM calls WHERE call_id IN (");
            AppendParameterList(sql, "@a", chunk.Length);
            sql.Append(')');
            await ReadAsync(
                sql.ToString(),
                command => AddParameters(command, "@a", chunk),
                async reader =>
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var summary = Read(reader);
                        found[summary.CallId] = summary;
                    }
                    return found.Count;
                },
                ct).ConfigureAwait(false);
        }
        return found;
    }

    /// <summary>One page of the calls the query selects, newest first (created-at, then call id, descending); the next
    /// page starts after the last row of this one, so rows added meanwhile shift nothing and none repeats.</summary>
    /// <exception cref="FormatException">The start key is malformed or was edited.</exception>
    public Task<CallPage> ListAsync(CallQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CallPageKey? after = query.StartKey is { } startKey ? CallPageKey.Decode(startKey) : null;
        var accounts = query.AccountIds.Where(a => !string.IsNullOrEmpty(a)).Distinct(StringComparer.Ordinal).ToArray();
        var realms = query.Realms.Where(r => !string.IsNullOrEmpty(r))
            .Select(r => r.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        if (accounts.Length == 0 && realms.Length == 0)
        {
            return Task.FromResult(new CallPage([], null));
        }

        // One arm per scope, each walking its index in the page's order, merged by the ORDER BY without a sort: an OR
        // of the two would collect every call of the scope and sort them for each page.
        var filters = new StringBuilder();
        AppendFilters(filters, query, after);
        var sql = new StringBuilder();
        if (accounts.Length > 0)
        {
            sql.Append($"SELECT {Columns} FROM calls WHERE account_id IN (");
            AppendParameterList(sql, "@a", accounts.Length);
            sql.Append(')').Append(filters);
        }
        if (realms.Length > 0)
        {
            if (accounts.Length > 0)
            {
                sql.Append(" UNION ALL ");
            }
            sql.Append($"SELECT {Columns} FROM calls WHERE account_id IS NULL AND realm IN (");
            AppendParameterList(sql, "@r", realms.Length);
            sql.Append(')').Append(filters);
        }
        sql.Append(" ORDER BY created_at DESC, call_id DESC LIMIT @limit");

        var pageSize = query.PageSize;
        return ReadAsync(
            sql.ToString(),
            command =>
            {
                AddParameters(command, "@a", accounts);
                AddParameters(command, "@r", realms);
                AddFilterParameters(command, query, after);
                // One row more than the page tells whether there is a next page.
                command.Parameters.AddWithValue("@limit", pageSize + 1);
            },
            async reader =>
            {
                var items = new List<CallSummary>(Math.Min(pageSize + 1, 64));
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    items.Add(Read(reader));
                }
                if (items.Count <= pageSize)
                {
                    return new CallPage(items, null);
                }
                items.RemoveAt(pageSize);
                var last = items[^1];
                return new CallPage(items, new CallPageKey(last.CreatedAt.UtcTicks, last.CallId).Encode());
            },
            ct);
    }

    /// <summary>How many calls the store holds.</summary>
    public Task<long> CountAsync(CancellationToken ct = default) =>
        ReadAsync(
            "SELECT count(*) FROM calls",
            _ => { },
            async reader => await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetInt64(0) : 0L,
            ct);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Let a write in progress commit before closing the connection under it.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _upsert.DisposeAsync().ConfigureAwait(false);
            await _storeOffset.DisposeAsync().ConfigureAwait(false);
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
        while (_idleReaders.TryTake(out var reader))
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void AppendFilters(StringBuilder sql, CallQuery query, CallPageKey? after)
    {
        if (query.Status is not null)
        {
            sql.Append(" AND status = @status");
        }
        if (query.Direction is not null)
        {
            sql.Append(" AND direction = @direction");
        }
        if (query.FromUser is not null)
        {
            sql.Append(" AND from_user = @from_user");
        }
        if (query.ToUser is not null)
        {
            sql.Append(" AND to_user = @to_user");
        }
        if (query.CreatedFrom is not null)
        {
            sql.Append(" AND created_at >= @created_from");
        }
        if (query.CreatedTo is not null)
        {
            sql.Append(" AND created_at <= @created_to");
        }
        if (query.WithDialogueOnly)
        {
            sql.Append(" AND dialogue_messages > 0");
        }
        if (after is not null)
        {
            sql.Append(" AND (created_at < @after_created_at OR (created_at = @after_created_at AND call_id < @after_call_id))");
        }
    }

    private static void AddFilterParameters(SqliteCommand command, CallQuery query, CallPageKey? after)
    {
        var parameters = command.Parameters;
        if (query.Status is { } status)
        {
            parameters.AddWithValue("@status", status);
        }
        if (query.Direction is { } direction)
        {
            parameters.AddWithValue("@direction", direction);
        }
        if (query.FromUser is { } fromUser)
        {
            parameters.AddWithValue("@from_user", fromUser);
        }
        if (query.ToUser is { } toUser)
        {
            parameters.AddWithValue("@to_user", toUser);
        }
        if (query.CreatedFrom is { } from)
        {
            parameters.AddWithValue("@created_from", from.UtcTicks);
        }
        if (query.CreatedTo is { } to)
        {
            parameters.AddWithValue("@created_to", to.UtcTicks);
        }
        if (after is { } key)
        {
            parameters.AddWithValue("@after_created_at", key.CreatedAtTicks);
            parameters.AddWithValue("@after_call_id", key.CallId);
        }
    }

    /// <summary>Appends <c>@p0, @p1, …</c>: an IN list of generated parameter names, never of values.</summary>
    private static void AppendParameterList(StringBuilder sql, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sql.Append(", ");
            }
            sql.Append(prefix).Append(i.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void AddParameters(SqliteCommand command, string prefix, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            command.Parameters.AddWithValue(prefix + i.ToString(CultureInfo.InvariantCulture), values[i]);
        }
    }

    private static void Bind(SqliteParameterCollection parameters, CallSummary s)
    {
        object?[] values =
        [
            s.CallId, s.CalleeCallId, s.AccountId, s.Realm, s.Node, s.Route, s.From, s.To, s.FromUser, s.ToUser,
            s.Direction, s.Status, s.CreatedAt.UtcTicks, s.UpdatedAt.UtcTicks, s.RingingAt?.UtcTicks,
            s.AnsweredAt?.UtcTicks, s.EndedAt?.UtcTicks, s.PddMs, s.SipCode, s.HangupCause, s.HangupSource,
            s.DialogueMessages, s.CallerMos, s.CalleeMos,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static CallSummary Read(SqliteDataReader r) => new(
        CallId: r.GetString(0),
        CalleeCallId: StringOrNull(r, 1),
        AccountId: StringOrNull(r, 2),
        Realm: StringOrNull(r, 3),
        Node: r.GetString(4),
        Route: StringOrNull(r, 5),
        From: r.GetString(6),
        To: r.GetString(7),
        FromUser: StringOrNull(r, 8),
        ToUser: StringOrNull(r, 9),
        Direction: r.GetString(10),
        Status: r.GetString(11),
        CreatedAt: Time(r.GetInt64(12)),
        UpdatedAt: Time(r.GetInt64(13)),
        RingingAt: r.IsDBNull(14) ? null : Time(r.GetInt64(14)),
        AnsweredAt: r.IsDBNull(15) ? null : Time(r.GetInt64(15)),
        EndedAt: r.IsDBNull(16) ? null : Time(r.GetInt64(16)),
        PddMs: r.IsDBNull(17) ? null : r.GetDouble(17),
        SipCode: r.IsDBNull(18) ? null : r.GetInt32(18),
        HangupCause: StringOrNull(r, 19),
        HangupSource: StringOrNull(r, 20),
        DialogueMessages: r.GetInt32(21),
        CallerMos: r.IsDBNull(22) ? null : r.GetDouble(22),
        CalleeMos: r.IsDBNull(23) ? null : r.GetDouble(23));

    private static string? StringOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private async Task<T> ReadAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, Task<T>> read, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var connection = _idleReaders.TryTake(out var idle)
            ? idle
            : new ReaderConnection(await OpenReaderAsync(ct).ConfigureAwait(false));
        var healthy = false;
        try
        {
            T result;
            var (command, cached) = connection.Command(sql);
            try
            {
                bind(command);
                using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                result = await read(reader).ConfigureAwait(false);
            }
            finally
            {
                if (!cached)
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }
            healthy = true;
            return result;
        }
        finally
        {
            // A connection that failed mid-read is not trusted with the next one.
            if (healthy && _disposed == 0 && _idleReaders.Count < MaxIdleReaders)
            {
                _idleReaders.Add(connection);
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken ct)
    {
        var connection = await OpenConnectionAsync(_connectionString, ct).ConfigureAwait(false);
        try
        {
            // Readers never write: a bug that tried would fail here rather than race the projector.
            await ExecuteAsync(connection, "PRAGMA query_only = ON", ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A reader connection with its prepared commands: Microsoft.Data.Sqlite prepares a command's statement
    /// once and keeps it while the text stays the same, so reusing the command skips the prepare on every lookup.</summary>
    private sealed class ReaderConnection(SqliteConnection connection) : IAsyncDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public (SqliteCommand Command, bool Cached) Command(string sql)
        {
            if (_commands.TryGetValue(sql, out var command))
            {
                command.Parameters.Clear();
                return (command, true);
            }
            command = connection.CreateCommand();
            command.CommandText = sql;
            if (_commands.Count >= MaxCachedCommands)
            {
                return (command, false);
            }
            _commands[sql] = command;
            return (command, true);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<SqliteConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}"), ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task CreateSchemaAsync(SqliteConnection connection, CancellationToken ct)
    {
        using var transaction = connection.BeginTransaction();
        var version = await ScalarAsync(connection, transaction, "PRAGMA user_version", ct).ConfigureAwait(false);
        if (version != SchemaVersion)
        {
            await ExecuteAsync(connection, transaction, "DROP TABLE IF EXISTS calls; DROP TABLE IF EXISTS projection_offsets", ct).ConfigureAwait(false);
        }
        await ExecuteAsync(connection, transaction, SchemaSql, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SchemaVersion}"), ct).ConfigureAwait(false);
        transaction.Commit();
    }

    private static Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct) =>
        ExecuteAsync(connection, null, sql, ct);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
