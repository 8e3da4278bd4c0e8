namespace CallActors.Calls.ReadModel;

/// <summary>One page of calls, newest first, and the key that fetches the next page (null on the last one).</summary>
public sealed record CallPage(IReadOnlyList<CallSummary> Items, string? NextStartKey);
