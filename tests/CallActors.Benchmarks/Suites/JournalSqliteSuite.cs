namespace CallActors.Benchmarks.Suites;

/// <summary>Our journal on a SQLite file against bare INSERTs into the same file (see <see cref="JournalWriteBenchmark"/>).</summary>
internal sealed class JournalSqliteSuite : IBenchmarkSuite
{
    public string Name => "journal-sqlite";

    public Task<SuiteResult> RunAsync(BenchmarkRun run) =>
        JournalWriteBenchmark.RunAsync(Name, run, () => new SqliteBenchmarkStore());
}
