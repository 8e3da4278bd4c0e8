namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>One of the measured routes, <c>GET /v2/accounts/{account}/{noun}/{call id}</c>; <paramref name="Name"/>
/// names its RESULT lines.</summary>
internal sealed record ApiRoute(string Name, string Noun)
{
    /// <summary>The route template the bare baseline maps (it ignores both ids).</summary>
    public string Pattern => $"/v2/accounts/{{accountId}}/{Noun}/{{callId}}";

    public string PathFor(string accountId, string callId) => $"/v2/accounts/{accountId}/{Noun}/{Uri.EscapeDataString(callId)}";
}
