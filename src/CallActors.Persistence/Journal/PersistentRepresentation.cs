namespace CallActors.Persistence.Journal;

/// <summary>One event as stored in the journal.</summary>
/// <param name="PersistenceId">The actor's stable id.</param>
/// <param name="SequenceNr">1-based, contiguous per persistence id.</param>
/// <param name="Manifest">Names the payload's type for the serializer.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="WriterUuid">Identifies the actor incarnation that wrote it (replay filter).</param>
/// <param name="Timestamp">Stored with millisecond precision.</param>
/// <param name="Tags">Tags for projections; a tag may not contain ';'.</param>
public sealed record PersistentRepresentation(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    ReadOnlyMemory<byte> Payload,
    string WriterUuid,
    DateTimeOffset Timestamp,
    IReadOnlyList<string> Tags)
{
    /// <summary>Global ordering across all persistence ids, set by the store on read; 0 before.</summary>
    public long Ordering { get; init; }
}
