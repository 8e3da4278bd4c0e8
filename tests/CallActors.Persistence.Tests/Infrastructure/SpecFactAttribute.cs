using Xunit.Abstractions;
using Xunit.Sdk;

namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>
/// A fact of an abstract conformance suite (JournalSpec, SnapshotStoreSpec).
/// </summary>
/// <remarks>
/// xunit discovers an inherited [Fact] once per concrete class, but a FactAttribute's Skip is fixed
/// at compile time, so it cannot skip the PostgreSQL subclass only. This attribute's discoverer
/// looks at the concrete class instead: when it carries [RequiresPostgres] and PostgreSQL is not
/// configured outside CI, each test case is reported skipped (not silently passed); in CI it runs
/// and fails on connect. The SQLite subclass always runs.
/// </remarks>
[XunitTestCaseDiscoverer("CallActors.Persistence.Tests.Infrastructure.SpecFactDiscoverer", "CallActors.Persistence.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class SpecFactAttribute : FactAttribute;

/// <summary>Discovers [SpecFact]s, skipping them in classes that need a PostgreSQL that is not there.</summary>
public sealed class SpecFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var needsPostgres = testMethod.TestClass.Class
            .GetCustomAttributes(typeof(RequiresPostgresAttribute).AssemblyQualifiedName)
            .Any();
        if (needsPostgres && PostgresEnvironment.SkipReason is { } reason)
        {
            return new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                reason);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
