using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Sqlite;
using CallActors.Persistence.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CallActors.Persistence.Tests.Sqlite;

/// <summary>
/// The SQLite file itself: WAL, one file for journal and snapshots, and a database the stores
/// cannot use failing InitializeAsync with one line naming the file and the cause.
/// </summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly SqliteFileFixture _directory = new();

    [Fact]
    public async Task A_corrupt_file_is_reported_with_its_path()
    {
        await File.WriteAllBytesAsync(_directory.Path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        await using var journal = new SqliteJournal(_directory.Options);

        var error = await Assert.ThrowsAsync<JournalStorageException>(() => journal.InitializeAsync());

        AssertOneLineNaming(error, _directory.Path, "file is not a database");
    }

    [Fact]
    public async Task A_corrupt_file_fails_the_snapshot_store_too()
    {
        await File.WriteAllTextAsync(_directory.Path, new string('x', 4096));
        await using var store = new SqliteSnapshotStore(_directory.Options);

        var error = await Assert.ThrowsAsync<JournalStorageException>(() => store.InitializeAsync());

        AssertOneLineNaming(error, _directory.Path, "file is not a database");
    }

    [Fact]
    public async Task A_file_locked_by_another_connection_is_reported_after_the_busy_timeout()
    {
        await using var holder = new SqliteConnection($"Data Source={_directory.Path};Pooling=False");
        holder.Open();
        using (var command = holder.CreateCommand())
        {
            // Exclusive locking mode keeps the lock of the first write until the connection closes,
            // like another process that opened the file exclusively.
            command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE held (x); INSERT INTO held VALUES (1);";
            command.ExecuteNonQuery();
        }

        await using var journal = new SqliteJournal(_directory.Options with { BusyTimeout = TimeSpan.FromMilliseconds(50) });

        var error = await Assert.ThrowsAsync<JournalStorageException>(() => journal.InitializeAsync());

        AssertOneLineNaming(error, _directory.Path, "database is locked");
    }

    [Fact]
    public async Task An_unusable_path_is_reported_with_the_path()
    {
        var parentIsAFile = Path.Combine(_directory.DirectoryPath, "not-a-directory");
        await File.WriteAllTextAsync(parentIsAFile, "x");
        var path = Path.Combine(parentIsAFile, "callactors.db");
        await using var journal = new SqliteJournal(new SqliteJournalOptions { Path = path });

        var error = await Assert.ThrowsAsync<JournalStorageException>(() => journal.InitializeAsync());

        AssertOneLineNaming(error, path, "not-a-directory");
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_after_initialize()
    {
        await using var journal = new SqliteJournal(_directory.Options);
        await journal.InitializeAsync();

        await using var connection = new SqliteConnection($"Data Source={_directory.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Journal_and_snapshot_store_share_one_file()
    {
        await using var journal = new SqliteJournal(_directory.Options);
        await using var snapshots = new SqliteSnapshotStore(_directory.Options);
        await Task.WhenAll(journal.InitializeAsync(), snapshots.InitializeAsync());

        await Task.WhenAll(
            journal.WriteAsync([Events.Write("call-1", 1, 3)]),
            snapshots.SaveAsync(new StoredSnapshot(new SnapshotMetadata("call-1", 3, Events.Timestamp), "state", "s"u8.ToArray())));

        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("call-1"));
        Assert.NotNull(await snapshots.LoadAsync("call-1", SnapshotSelectionCriteria.Latest));
        Assert.Single(Directory.GetFiles(_directory.DirectoryPath, "*.db"));
    }

    [Fact]
    public async Task Using_the_journal_before_initialize_says_so()
    {
        await using var journal = new SqliteJournal(_directory.Options);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.WriteAsync([Events.Write("x", 1, 1)]));

        Assert.Contains("InitializeAsync", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static void AssertOneLineNaming(JournalStorageException error, string path, string cause)
    {
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
