using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using CallActors.Persistence.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CallActors.Persistence.Sqlite;

/// <summary>
/// One SQLite file: a single writer connection guarded by a semaphore (SQLite has one writer at a
/// time; parallel batches just queue for it) and a small pool of read connections, which WAL lets
/// run beside the writer.
/// </summary>
internal sealed class SqliteDatabase : SqlDatabase
{
    // SQLITE_MAX_VARIABLE_NUMBER: 32766 since SQLite 3.32 (the bundled e_sqlite3 is newer).
    private const int MaxVariables = 32766;
    // Microsoft.Data.Sqlite binds every parameter by name, and sqlite3_bind_parameter_index scans
    // the statement's parameter list, so binding costs grow with the square of the rows in one
    // statement. Measured (1,000 ids x 100 events, 200-byte payloads, 100 rows per transaction):
    // 100 rows per statement about 25-40k events/s, 20 rows about 52-58k.
    private const int RowsPerStatement = 20;
    private const int MaxIdleReaders = 4;
    private const int MaxCachedCommands = 64;

    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        Batteries_V2.Init();
        return true;
    });

    private readonly SqliteJournalOptions _options;
    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];

    // Prepared inserts on the writer connection, keyed by SQL; only touched under _writeLock.
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private int _disposed;

    public SqliteDatabase(SqliteJournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _path = System.IO.Path.GetFullPath(options.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,

            // Our own writer and reader pool; Microsoft.Data.Sqlite's pool would keep the file open
            // after disposal.
            Pooling = false,

            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until the command timeout (0 = forever).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    public override string Description => $"SQLite database '{_path}'";

    protected internal override int MaxParametersPerStatement => MaxVariables;

    protected internal override int PreferredRowsPerStatement => RowsPerStatement;

    protected internal override string QualifyTableName(string table) => Quote(table);

    protected internal override string CreateJournalTableSql(string table) =>
        JournalTableDdl(Quote(table), table, "ordering INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB");

    protected internal override string CreateSnapshotTableSql(string table) => SnapshotTableDdl(Quote(table), "BLOB");

    // LIKE is case-insensitive in SQLite; instr is an exact, case-sensitive substring test.
    protected internal override string ContainsSql(string column, string parameterName) =>
        $"instr({column}, {parameterName}) > 0";

    protected internal override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: raw.SQLITE_CONSTRAINT } sqlite
        && sqlite.SqliteExtendedErrorCode is raw.SQLITE_CONSTRAINT_UNIQUE or raw.SQLITE_CONSTRAINT_PRIMARYKEY;

    protected internal override async Task OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _openLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                return;
            }

            _ = NativeLibrary.Value;
            SqliteConnection? connection = null;
            try
            {
                var directory = System.IO.Path.GetDirectoryName(_path);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                connection = Open();
                Execute(connection, "PRAGMA journal_mode = WAL");
                var synchronous = _options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL";
                Execute(connection, $"PRAGMA synchronous = {synchronous}");

                // Reading the schema makes a corrupt file fail here rather than at the first write.
                Execute(connection, "SELECT count(*) FROM sqlite_master");
                _writer = connection;
            }
            catch (Exception e) when (IsStorageFailure(e))
            {
                connection?.Dispose();
                throw ToStorageException(e);
            }
        }
        finally
        {
            _openLock.Release();
        }
    }

    protected internal override async ValueTask<DbConnection> RentConnectionAsync(bool write, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (write)
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            if (_writer is null || _disposed != 0)
            {
                _writeLock.Release();
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                throw new InvalidOperationException($"{Description} is not open: call InitializeAsync first.");
            }

            return _writer;
        }

        return _idleReaders.TryTake(out var reader) ? reader : Open();
    }

    protected internal override ValueTask ReturnConnectionAsync(DbConnection connection, bool write)
    {
        if (write)
        {
            _writeLock.Release();
        }
        else if (_disposed == 0 && _idleReaders.Count < MaxIdleReaders)
        {
            _idleReaders.Add((SqliteConnection)connection);
        }
        else
        {
            connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    protected internal override DbCommand CreateCommand(DbConnection connection, string sql, bool reusable)
    {
        if (!reusable || !ReferenceEquals(connection, _writer))
        {
            return base.CreateCommand(connection, sql, reusable);
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = base.CreateCommand(connection, sql, reusable);
            if (_commands.Count < MaxCachedCommands)
            {
                _commands.Add(sql, command);
            }
        }

        return command;
    }

    protected internal override void ReleaseCommand(DbCommand command)
    {
        if (_commands.TryGetValue(command.CommandText, out var cached) && ReferenceEquals(cached, command))
        {
            command.Transaction = null;
            return;
        }

        base.ReleaseCommand(command);
    }

    protected internal override JournalStorageException ToStorageException(Exception exception) =>
        new($"{Description}: {Cause(exception)}", exception);

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Let a write in progress finish before closing the writer under it.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            _commands.Clear();
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private string Cause(Exception exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return exception.Message;
        }

        var waited = _options.BusyTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return sqlite.SqliteErrorCode switch
        {
            raw.SQLITE_BUSY or raw.SQLITE_LOCKED =>
                $"database is locked (another connection or process holds it; gave up after the {waited} ms busy timeout)",
            raw.SQLITE_NOTADB => "file is not a database (corrupt, or not a SQLite file)",
            raw.SQLITE_CORRUPT => "database disk image is malformed (corrupt)",
            raw.SQLITE_CANTOPEN => "unable to open database file (missing directory or no permission)",
            raw.SQLITE_READONLY => "attempt to write a readonly database (file or directory not writable)",
            raw.SQLITE_PERM => "access permission denied",
            raw.SQLITE_FULL => "database or disk is full",
            _ => $"{raw.sqlite3_errstr(sqlite.SqliteErrorCode).utf8_to_string()} (SQLite error {sqlite.SqliteErrorCode}: {FirstLine(sqlite.Message)})",
        };
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            var busy = ((long)_options.BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Execute(connection, $"PRAGMA busy_timeout = {busy}");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteScalar();
    }
}
