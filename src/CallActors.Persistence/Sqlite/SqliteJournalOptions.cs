using CallActors.Persistence.Journal;

namespace CallActors.Persistence.Sqlite;

/// <summary>Where and how <see cref="SqliteJournal"/> and <see cref="SqliteSnapshotStore"/> keep their one database file.</summary>
public sealed record SqliteJournalOptions
{
    /// <summary>The database file, e.g. <c>&lt;data&gt;/callactors.db</c>; its directory is created if missing.</summary>
    public required string Path { get; init; }

    public string JournalTable { get; init; } = "journal";

    public string SnapshotTable { get; init; } = "snapshot";

    /// <summary>See <see cref="SqliteSynchronous"/>: Normal survives process crashes, Full also power loss.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Normal;

    /// <summary>
    /// How long a statement waits for another process's lock before failing with "database is
    /// locked". Microsoft.Data.Sqlite waits at least one second whatever this says.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rows per round trip when replaying or reading all events.</summary>
    public int ReplayBatchSize { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            problems.Add($"{nameof(Path)} is empty");
        }

        if (!SqlDatabase.IsValidIdentifier(JournalTable))
        {
            problems.Add($"{nameof(JournalTable)} '{JournalTable}' is not a plain identifier");
        }

        if (!SqlDatabase.IsValidIdentifier(SnapshotTable))
        {
            problems.Add($"{nameof(SnapshotTable)} '{SnapshotTable}' is not a plain identifier");
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            problems.Add($"{nameof(BusyTimeout)} {BusyTimeout} is out of range");
        }

        if (ReplayBatchSize < 1)
        {
            problems.Add($"{nameof(ReplayBatchSize)} must be at least 1, got {ReplayBatchSize}");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            problems.Add($"{nameof(Synchronous)} {Synchronous} is unknown");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(SqliteJournalOptions)}: {string.Join("; ", problems)}.");
        }
    }
}
