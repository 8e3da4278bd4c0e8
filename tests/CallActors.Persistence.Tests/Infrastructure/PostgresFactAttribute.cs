namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>
/// A fact that needs PostgreSQL: skipped on a developer machine without CALLACTORS_TEST_POSTGRES,
/// never skipped in CI (CI=true), where it fails on connect if the server is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
