namespace CallActors.Benchmarks.Suites;

/// <summary>Our journal on PostgreSQL against bare INSERTs into the same server (see <see cref="JournalWriteBenchmark"/>).</summary>
internal sealed class JournalPostgresSuite : IBenchmarkSuite
{
    private static readonly string[] Variables = ["CALLACTORS_BENCH_POSTGRES", "CALLACTORS_TEST_POSTGRES"];

    public string Name => "journal-postgres";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        var connectionString = Variables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? throw new SuiteUnavailableException(
                $"no PostgreSQL to measure: set {Variables[0]} (or {Variables[1]}) to a connection string, " +
                $"e.g. export {Variables[0]}=\"$(.ci/postgres.sh start)\"");
        await PostgresBenchmarkStore.EnsureReachableAsync(connectionString);
        return await JournalWriteBenchmark.RunAsync(Name, run, () => new PostgresBenchmarkStore(connectionString));
    }
}
