namespace CallActors.Persistence.Journal;

/// <summary>
/// A <see cref="BatchingJournalWriter"/> refused a write because its queue was full; the write
/// was not attempted.
/// </summary>
public sealed class JournalQueueFullException : Exception
{
    public JournalQueueFullException(int capacity)
        : base($"The journal write queue is full ({capacity} writes pending): the database is not keeping up, so the write was refused without being attempted.")
    {
        Capacity = capacity;
    }

    public int Capacity { get; }
}
