namespace CallActors.Persistence.Journal;

/// <summary>
/// Stores the events of event-sourced actors (Akka's AsyncWriteJournal contract, made async).
/// Implementations are thread-safe.
/// </summary>
public interface IJournal : IAsyncDisposable
{
    /// <summary>Opens the database and creates the schema if missing; idempotent.</summary>
    /// <exception cref="JournalStorageException">The database cannot be used.</exception>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>
    /// Writes a batch in one transaction as multi-row INSERTs. The result has one entry per write:
    /// null = stored; an exception = that write was rejected and will never be replayed (a
    /// duplicate (persistence id, sequence number) gives <see cref="JournalConcurrencyException"/>).
    /// When one write conflicts, the others are retried one by one so only the offender is
    /// rejected. A thrown exception means a connection problem: the outcome is unknown.
    /// </summary>
    Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken ct = default);

    /// <summary>Events of one id in sequence-number order within [from, to], at most max, skipping deleted ones.</summary>
    IAsyncEnumerable<PersistentRepresentation> ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max = long.MaxValue,
        CancellationToken ct = default);

    /// <summary>
    /// The highest stored sequence number at or above <paramref name="fromSequenceNr"/>, deleted
    /// events included so numbers are never reused; 0 if there is none.
    /// </summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken ct = default);

    /// <summary>Marks events up to and including <paramref name="toSequenceNr"/> deleted (logical delete).</summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default);

    /// <summary>
    /// Non-deleted events of all ids after <paramref name="afterOrdering"/> in global order, at most
    /// <paramref name="max"/>, optionally only those carrying <paramref name="tag"/> (exact match).
    /// For projections. On PostgreSQL, concurrent transactions can commit a lower ordering after a
    /// higher one became visible, so a poller close to the head should re-read a small window.
    /// </summary>
    IAsyncEnumerable<PersistentRepresentation> ReadAllAsync(
        long afterOrdering,
        int max,
        string? tag = null,
        CancellationToken ct = default);

    /// <summary>Every persistence id with at least one stored event (deleted ones included), in ordinal order.</summary>
    IAsyncEnumerable<string> ReadPersistenceIdsAsync(CancellationToken ct = default);
}
