using CallActors.Calls;
using CallActors.Calls.Insights;
using CallActors.Calls.Inspection;
using CallActors.Calls.ReadModel;
using CallActors.Edge.Crossbar;

namespace CallActors.Edge.Modules;

/// <summary><c>cb_calls</c>: the account's calls from the read model (list and detail), a call's insights (the seed
/// call-insights fields, media figures of both legs), its signalling events, its recordings and its transfers.</summary>
public sealed class CallsModule(EdgeServices services) : CrossbarModule
{
    public override string Name => "cb_calls";

    public override string Noun => "calls";

    protected override IReadOnlyList<CrossbarRoute> DeclareRoutes() =>
    [
        new("GET", "", "The account's calls (and its sub-accounts'), newest first.", context => CallListing.ListAsync(context, withDialogueOnly: false))
        {
            Query = CallListing.AllFilters,
            Paginated = true,
        },
        new("GET", Identifiers.CallId, "One call: parties, status, times, hangup cause, MOS of both legs.", DetailAsync),
        new("GET", $"{Identifiers.CallId}/insights", "The call's insights: status, times, hangup, signalling and media metrics of both legs.", InsightsAsync),
        new("GET", $"{Identifiers.CallId}/events", "The call's lifecycle and SIP events with status codes and times.", EventsAsync),
        new("PUT", $"{Identifiers.CallId}/recording", "Start (action start: format, layout, time_limit, url, record_min_sec, label) or stop (action stop) recording an answered call.", CallRecordings.PutAsync)
        {
            HasBody = true,
        },
        new("GET", $"{Identifiers.CallId}/recordings", "The call's recordings: status, times, duration, size, checksum, upload url, attempts and last error.", CallRecordings.ListAsync),
        new("GET", $"{Identifiers.CallId}/recordings/{Identifiers.RecordingId}", "A recording's audio (audio/wav or audio/mpeg); with Accept: application/json its metadata.", CallRecordings.GetAsync),
        new("POST", $"{Identifiers.CallId}/transfers", "Transfers a leg of an answered call (kind blind, attended or warm; transfer_to, leg, fallback, fallback_action).", CallTransfers.StartAsync)
        {
            HasBody = true,
        },
        new("GET", $"{Identifiers.CallId}/transfers", "The call's transfers, oldest first: status, targets, routing attempts, outcome and timeline.", CallTransfers.ListAsync),
        new("GET", $"{Identifiers.CallId}/transfers/{Identifiers.TransferId}", "One transfer of the call.", CallTransfers.GetAsync),
        new("POST", $"{Identifiers.CallId}/transfers/{Identifiers.TransferId}", "Completes an attended transfer whose target has answered (action complete).", CallTransfers.CompleteAsync)
        {
            HasBody = true,
        },
        new("DELETE", $"{Identifiers.CallId}/transfers/{Identifiers.TransferId}", "Cancels a transfer in progress: the kept party goes back to the party it was talking to.", CallTransfers.CancelAsync),
    ];

    private static async ValueTask<CrossbarResult> DetailAsync(CrossbarContext context) =>
        CrossbarResult.Ok(CallView.Of(await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false)));

    private static async ValueTask<CrossbarResult> InsightsAsync(CrossbarContext context)
    {
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var insights = await CallAccess.AskCallAsync<CallInsights>(context, call.CallId, new GetCallInsights(call.CallId)).ConfigureAwait(false);
        return CrossbarResult.Ok(insights);
    }

    private async ValueTask<CrossbarResult> EventsAsync(CrossbarContext context)
    {
        var call = await CallAccess.FindAsync(context, context.Parameters[0]).ConfigureAwait(false);
        var inspection = await CallAccess.AskCallAsync<CallInspection>(context, call.CallId, new GetCallInspection(call.CallId, CallInspectionOptions.Default)).ConfigureAwait(false);
        return CrossbarResult.Ok(CallEvents.Of(call, inspection, services.Node));
    }
}

/// <summary>The seed calls API's events list, built from a call's summary (lifecycle) and its dialogue (SIP).</summary>
internal static class CallEvents
{
    public static IReadOnlyList<CallEventView> Of(CallSummary call, CallInspection inspection, string node)
    {
        var events = new List<CallEventView>();
        void Add(string type, DateTimeOffset at, string status, int? code = null, string? phrase = null, string? cause = null, string? leg = null, string? direction = null, string? method = null) =>
            events.Add(new CallEventView("", call.CallId, node, type, status, cause, code, phrase, at, leg, direction, method));

        Add("call.created", call.CreatedAt, "starting");
        if (call.RingingAt is { } ringing)
        {
            Add("call.ringing", ringing, "ringing");
        }
        if (call.AnsweredAt is { } answered)
        {
            Add("call.answered", answered, "ongoing");
        }
        if (call.EndedAt is { } ended)
        {
            Add("call.ended", ended, call.Status, call.SipCode, null, call.HangupCause);
        }
        foreach (var message in inspection.Messages)
        {
            var at = CallInspector.FromGregorianSeconds(message.Timestamp);
            var method = message.CSeq is { } cseq && cseq.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? cseq[(space + 1)..] : null;
            if (message.Label.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && message.Label.Length >= 11
                && int.TryParse(message.Label.AsSpan(8, 3), System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                var phrase = message.Label.Length > 12 ? message.Label[12..] : "";
                var type = code < 200 ? "sip.provisional" : "sip.final_response";
                Add(type, at, call.Status, code, phrase, code >= 400 ? $"{code} {phrase}" : null, message.Leg, message.Direction, method);
            }
            else
            {
                Add("sip.request", at, call.Status, leg: message.Leg, direction: message.Direction, method: method);
            }
        }
        return [.. events.OrderBy(e => e.OccurredAt).Select((e, i) => e with { Id = $"{call.CallId}-{i + 1}" })];
    }
}

/// <summary>One event of a call (seed calls API <c>events</c>).</summary>
internal sealed record CallEventView(
    string Id,
    string SessionId,
    string Provider,
    string EventType,
    string Status,
    string? FailureCause,
    int? SipStatusCode,
    string? SipStatus,
    DateTimeOffset OccurredAt,
    string? Leg,
    string? Direction,
    string? Method);
