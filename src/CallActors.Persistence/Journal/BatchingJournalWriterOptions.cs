namespace CallActors.Persistence.Journal;

/// <summary>Tuning of <see cref="BatchingJournalWriter"/> (Akka.Persistence.Sql's defaults, smaller queue).</summary>
public sealed record BatchingJournalWriterOptions
{
    /// <summary>Rows per transaction; an atomic write larger than this still goes in one batch.</summary>
    public int MaxBatchRows { get; init; } = 100;

    /// <summary>Concurrent batches in flight (Akka: "2–4 is a safe bet").</summary>
    public int Parallelism { get; init; } = 3;

    /// <summary>Writes accepted but not yet committed; beyond it a write fails with <see cref="JournalQueueFullException"/>.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MaxBatchRows < 1)
        {
            problems.Add($"{nameof(MaxBatchRows)} must be at least 1, got {MaxBatchRows}");
        }

        if (Parallelism < 1)
        {
            problems.Add($"{nameof(Parallelism)} must be at least 1, got {Parallelism}");
        }

        if (QueueCapacity < 1)
        {
            problems.Add($"{nameof(QueueCapacity)} must be at least 1, got {QueueCapacity}");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(BatchingJournalWriterOptions)}: {string.Join("; ", problems)}.");
        }
    }
}
