using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence;

/// <summary>The last message of recovery, always delivered to the recovery handlers (also for a new id).</summary>
public sealed class RecoveryCompleted
{
    public static RecoveryCompleted Instance { get; } = new();

    private RecoveryCompleted()
    {
    }

    public override string ToString() => "RecoveryCompleted";
}

/// <summary>Offered to the recovery handlers first when a snapshot was found; events after it follow.</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Wraps an event to store it with tags (for projections reading by tag); the persist handler gets the Tagged, recovery the payload.</summary>
public sealed record Tagged(object Payload, IReadOnlyList<string> Tags);

/// <summary>How a persistent actor recovers: from which snapshot, up to which sequence number.</summary>
public sealed record Recovery(SnapshotSelectionCriteria FromSnapshot, long ToSequenceNr = long.MaxValue)
{
    /// <summary>The latest snapshot, then every later event.</summary>
    public static Recovery Default { get; } = new(SnapshotSelectionCriteria.Latest);

    /// <summary>Skip recovery: start empty (new events continue after the stored ones).</summary>
    public static Recovery None { get; } = new(SnapshotSelectionCriteria.None, 0);
}

/// <summary>Told to the actor when its snapshot was stored.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Told to the actor when DeleteMessages finished.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);
