namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>Requests that did not get a 200 (another status, or no answer at all): how many, and the first one's
/// description for the error message. Any number of load tasks add to it.</summary>
internal sealed class FailureLog
{
    private long _count;
    private string? _first;

    public long Count => Interlocked.Read(ref _count);

    public string? First => Volatile.Read(ref _first);

    public void Add(string description)
    {
        Interlocked.Increment(ref _count);
        Interlocked.CompareExchange(ref _first, description, null);
    }
}
