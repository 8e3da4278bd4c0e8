namespace CallActors.Benchmarks;

/// <summary>A suite cannot run here (a peer it measures is missing); the run fails with this message.</summary>
internal sealed class SuiteUnavailableException(string message) : Exception(message);
