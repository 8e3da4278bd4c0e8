using System.Diagnostics.Metrics;

namespace CallActors.Edge;

/// <summary>The instruments of the "CallActors.Edge" meter: HTTP requests by module, method and status, and their
/// duration.</summary>
internal static class EdgeMetrics
{
    public const string MeterName = "CallActors.Edge";
    private static readonly Meter Meter = new(MeterName);
    private static readonly string[] StatusNames = [.. Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "callactors.edge.http.requests",
        unit: "{request}",
        description: "HTTP requests answered by the edge, by module, method and status.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "callactors.edge.http.request_duration",
        unit: "s",
        description: "Time to answer an HTTP request, by module.");

    public static void RecordRequest(string module, string method, int status, TimeSpan elapsed)
    {
        var statusName = (uint)status < StatusNames.Length ? StatusNames[status] : "other";
        Requests.Add(1, new("module", module), new("method", method), new("status", statusName));
        Duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("module", module));
    }
}
