using System.Data;
using System.Data.Common;
using CallActors.Persistence.Journal;

namespace CallActors.Persistence.Snapshots;

/// <summary>
/// The snapshot store on a SQL database with Akka.Persistence.Sql's table layout; the engine
/// specifics live in <see cref="SqlDatabase"/>.
/// </summary>
public abstract class SqlSnapshotStore : ISnapshotStore
{
    private const string Matches =
        "persistence_id = @pid AND sequence_number <= @maxSeq AND sequence_number >= @minSeq " +
        "AND created <= @maxTs AND created >= @minTs";

    private readonly SqlDatabase _database;
    private readonly string _tableName;
    private readonly string _loadSql;
    private readonly string _saveSql;
    private readonly string _deleteSql;
    private int _disposed;

    /// <param name="database">Owned: disposed with the store.</param>
    /// <param name="tableName">Unquoted snapshot table name.</param>
    protected SqlSnapshotStore(SqlDatabase database, string tableName)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _database = database;
        _tableName = tableName;
        var table = database.QualifyTableName(tableName);
        _loadSql =
            $"SELECT persistence_id, sequence_number, created, manifest, payload FROM {table} WHERE {Matches} " +
            "ORDER BY sequence_number DESC LIMIT 1";

        // The same upsert syntax works on SQLite (3.24+) and PostgreSQL (9.5+).
        _saveSql =
            $"INSERT INTO {table} (persistence_id, sequence_number, created, manifest, payload) " +
            "VALUES (@pid, @seq, @created, @manifest, @payload) ON CONFLICT (persistence_id, sequence_number) " +
            "DO UPDATE SET created = excluded.created, manifest = excluded.manifest, payload = excluded.payload";
        _deleteSql = $"DELETE FROM {table} WHERE {Matches}";
    }

    public Task InitializeAsync(CancellationToken ct = default) =>
        _database.CreateSchemaAsync(_database.CreateSnapshotTableSql(_tableName), ct);

    public async Task<StoredSnapshot?> LoadAsync(
        string persistenceId,
        SnapshotSelectionCriteria criteria,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var found = await _database.QueryAsync(_loadSql, command => BindCriteria(command, persistenceId, criteria), ReadSnapshot, ct)
            .ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public Task SaveAsync(StoredSnapshot snapshot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = snapshot.Metadata;
        ArgumentException.ThrowIfNullOrEmpty(metadata.PersistenceId, nameof(snapshot));
        return _database.ExecuteAsync(
            _saveSql,
            command =>
            {
                SqlDatabase.AddParameter(command, "@pid", metadata.PersistenceId, DbType.String);
                SqlDatabase.AddParameter(command, "@seq", metadata.SequenceNr, DbType.Int64);
                SqlDatabase.AddParameter(command, "@created", metadata.Timestamp.ToUnixTimeMilliseconds(), DbType.Int64);
                SqlDatabase.AddParameter(command, "@manifest", snapshot.Manifest, DbType.String);
                SqlDatabase.AddParameter(command, "@payload", snapshot.Payload.ToArray(), DbType.Binary);
            },
            ct);
    }

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        return _database.ExecuteAsync(_deleteSql, command => BindCriteria(command, persistenceId, criteria), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _database.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    private static void BindCriteria(DbCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        SqlDatabase.AddParameter(command, "@pid", persistenceId, DbType.String);
        SqlDatabase.AddParameter(command, "@maxSeq", criteria.MaxSequenceNr, DbType.Int64);
        SqlDatabase.AddParameter(command, "@minSeq", criteria.MinSequenceNr, DbType.Int64);
        SqlDatabase.AddParameter(command, "@maxTs", criteria.MaxTimestamp.ToUnixTimeMilliseconds(), DbType.Int64);
        SqlDatabase.AddParameter(command, "@minTs", criteria.MinTimestamp.ToUnixTimeMilliseconds(), DbType.Int64);
    }

    private static StoredSnapshot ReadSnapshot(DbDataReader reader) =>
        new(
            new SnapshotMetadata(
                reader.GetString(0),
                reader.GetInt64(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))),
            reader.IsDBNull(3) ? string.Empty : reader.GetString(3),
            reader.GetFieldValue<byte[]>(4));
}
