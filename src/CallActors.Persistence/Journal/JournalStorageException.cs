namespace CallActors.Persistence.Journal;

/// <summary>
/// The journal or snapshot store cannot use its database (corrupt, locked, unreachable,
/// unwritable). The message names the database and the cause in one line.
/// </summary>
public sealed class JournalStorageException : Exception
{
    public JournalStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
