using CallActors.Persistence.Sqlite;

namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>A fresh temporary directory and database file per test class, deleted afterwards.</summary>
public sealed class SqliteFileFixture : IDisposable
{
    public SqliteFileFixture()
    {
        Directory.CreateDirectory(DirectoryPath);
    }

    public string DirectoryPath { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callactors-tests", Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(DirectoryPath, "callactors.db");

    public SqliteJournalOptions Options => new() { Path = Path };

    public void Dispose() => Directory.Delete(DirectoryPath, recursive: true);
}
