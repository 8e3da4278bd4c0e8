namespace CallActors.Persistence;

/// <summary>Settings of the persistence extension shared by all persistent actors of a system.</summary>
public sealed record PersistenceOptions
{
    /// <summary>Recoveries that may read the journal at once; others wait (Akka's max-concurrent-recoveries).</summary>
    public int MaxConcurrentRecoveries { get; init; } = 50;

    /// <summary>Replayed events handed to an actor per message.</summary>
    public int ReplayChunkSize { get; init; } = 256;

    public void Validate()
    {
        if (MaxConcurrentRecoveries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentRecoveries), MaxConcurrentRecoveries, "max-concurrent-recoveries must be at least 1");
        }

        if (ReplayChunkSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReplayChunkSize), ReplayChunkSize, "replay-chunk-size must be at least 1");
        }
    }
}
