namespace CallActors.Persistence.Journal;

/// <summary>
/// A write was rejected because its (persistence id, sequence number) is already stored: another
/// incarnation of the same actor wrote first. The journal's unique key is the single-writer fence.
/// </summary>
public sealed class JournalConcurrencyException : Exception
{
    public JournalConcurrencyException(string persistenceId, long sequenceNr, Exception? innerException = null)
        : base(
            $"Event {sequenceNr} of '{persistenceId}' (or a later one in the same atomic write) is already in the journal: another writer persisted it first.",
            innerException)
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    public string PersistenceId { get; }

    /// <summary>The lowest sequence number of the rejected atomic write.</summary>
    public long SequenceNr { get; }
}
