namespace CallActors.Persistence.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that are safe with WAL.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// WAL + NORMAL: a commit is in the WAL file (the OS's page cache) before it returns, so a crashed
    /// or SIGKILL'd process loses nothing committed; only an OS crash or power loss can lose the last
    /// transactions (never corrupt the file). fsync happens at checkpoints, not per commit.
    /// </summary>
    Normal,

    /// <summary>WAL + FULL: fsync per commit; survives power loss, costs a disk flush per batch.</summary>
    Full,
}
