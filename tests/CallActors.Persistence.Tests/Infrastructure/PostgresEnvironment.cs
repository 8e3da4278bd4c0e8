namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>Whether PostgreSQL tests run, and against what.</summary>
internal static class PostgresEnvironment
{
    public const string Variable = "CALLACTORS_TEST_POSTGRES";

    /// <summary>What `.ci/postgres.sh url` prints; used in CI when the variable is not set.</summary>
    public const string CiDefault = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    public const string SkipMessage =
        "PostgreSQL not available: set CALLACTORS_TEST_POSTGRES or run `.ci/postgres.sh start` (Debian package postgresql)";

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Configured =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Null when the tests must run: the variable is set, or this is CI, where a missing peer fails.</summary>
    public static string? SkipReason => Configured is null && !IsCi ? SkipMessage : null;

    public static string ConnectionString => Configured ?? CiDefault;
}
