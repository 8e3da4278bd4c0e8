using System.Globalization;
using System.Text.Json;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>A call read back from the node's journal: what <c>call-started</c> said, the last status, the dialogue.</summary>
internal sealed record CallRecord(
    string CallId,
    string? CalleeCallId,
    string From,
    string To,
    string RequestUri,
    string? CallerUserAgent,
    string RemoteSignallingAddress,
    string? Route,
    string? Target,
    string Status,
    int? FinalSipCode,
    string? HangupCause,
    string? HangupSource,
    DateTimeOffset? AnsweredAt,
    IReadOnlyList<string> Manifests,
    IReadOnlyList<DialogueMessage> Dialogue)
{
    private static readonly HashSet<string> StatusManifests = ["call-ringing", "call-answered", "call-ended"];

    /// <summary>How the call ended, "status, final SIP code, hangup source, hangup cause", to compare in one assertion.</summary>
    public string Ending =>
        $"{Status}, {FinalSipCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {HangupSource ?? "-"}, {HangupCause ?? "-"}";

    /// <summary>The status in one line, for assertion messages.</summary>
    public string Summary =>
        $"call {CallId}: {Status}, SIP {FinalSipCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}, cause {HangupCause ?? "-"}, " +
        $"source {HangupSource ?? "-"}; events {string.Join(", ", Manifests.Distinct())}";

    /// <summary>Builds the record from the events of <c>callactors journal events call-&lt;id&gt;</c>, in order.</summary>
    public static CallRecord FromEvents(string callId, IReadOnlyList<JsonElement> events)
    {
        var manifests = events.Select(Manifest).ToList();
        var started = events.Where(e => Manifest(e) == "call-started").Select(e => e.GetProperty("payload")).FirstOrDefault();
        if (started.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"call {callId}: no call-started event; events: {string.Join(", ", manifests)}");
        }

        // The last status event carries the whole status (createdAt ... hangupSource); none means still "starting".
        var status = events.Where(e => StatusManifests.Contains(Manifest(e)))
            .Select(e => e.GetProperty("payload").GetProperty("status"))
            .LastOrDefault();
        var hasStatus = status.ValueKind == JsonValueKind.Object;
        return new CallRecord(
            Text(started, "callId")!,
            Text(started, "calleeCallId"),
            Text(started, "from")!,
            Text(started, "to")!,
            Text(started, "requestUri")!,
            Text(started, "callerUserAgent"),
            Text(started, "remoteSignallingAddress")!,
            Text(started, "route"),
            Text(started, "target"),
            hasStatus ? Text(status, "status")! : "starting",
            hasStatus && status.GetProperty("finalSipCode").ValueKind == JsonValueKind.Number ? status.GetProperty("finalSipCode").GetInt32() : null,
            hasStatus ? Text(status, "hangupCause") : null,
            hasStatus ? Text(status, "hangupSource") : null,
            hasStatus && Text(status, "answeredAt") is { } answeredAt ? DateTimeOffset.Parse(answeredAt, CultureInfo.InvariantCulture) : null,
            manifests,
            events.Where(e => Manifest(e) == "sip-messages-recorded")
                .SelectMany(e => e.GetProperty("payload").GetProperty("chunks").EnumerateArray())
                .Select(DialogueMessage.FromChunk)
                .ToList());
    }

    /// <summary>The recorded dialogue, one message a line.</summary>
    public string DescribeDialogue() => string.Join('\n', Dialogue.Select(m => "  " + m));

    private static string Manifest(JsonElement stored) => stored.GetProperty("manifest").GetString()!;

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();
}
