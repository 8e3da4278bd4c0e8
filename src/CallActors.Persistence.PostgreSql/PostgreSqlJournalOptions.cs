using CallActors.Persistence.Journal;

namespace CallActors.Persistence.PostgreSql;

/// <summary>Where <see cref="PostgreSqlJournal"/> and <see cref="PostgreSqlSnapshotStore"/> keep their tables.</summary>
public sealed record PostgreSqlJournalOptions
{
    /// <summary>An Npgsql connection string. "Max Auto Prepare=20" lets Npgsql prepare the batch inserts.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>Created if missing.</summary>
    public string Schema { get; init; } = "public";

    public string JournalTable { get; init; } = "journal";

    public string SnapshotTable { get; init; } = "snapshot";

    /// <summary>Rows per round trip when replaying or reading all events (Akka's replay-batch-size).</summary>
    public int ReplayBatchSize { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{nameof(ConnectionString)} is empty");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(Schema), Schema), (nameof(JournalTable), JournalTable), (nameof(SnapshotTable), SnapshotTable),
                 })
        {
            if (!SqlDatabase.IsValidIdentifier(value))
            {
                problems.Add($"{name} '{value}' is not a plain identifier");
            }
        }

        if (ReplayBatchSize < 1)
        {
            problems.Add($"{nameof(ReplayBatchSize)} must be at least 1, got {ReplayBatchSize}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(PostgreSqlJournalOptions)}: {string.Join("; ", problems)}.");
        }
    }
}
