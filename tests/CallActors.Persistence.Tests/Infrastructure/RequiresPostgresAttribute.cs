namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>
/// Marks a concrete conformance-suite class whose [SpecFact]s need PostgreSQL; they skip or fail
/// exactly like [PostgresFact].
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
