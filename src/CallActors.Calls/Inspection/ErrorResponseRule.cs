using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using static CallActors.Calls.Inspection.InspectionText;

namespace CallActors.Calls.Inspection;

/// <summary>Rule 4, <c>error_response</c>: every 4xx–6xx on either leg, one warning each (retransmitted copies
/// once). Not reported: a 487 answering a request that was cancelled on that leg (a CANCEL, or the caller's BYE on
/// the early dialog, with the same CSeq number before it), which is the expected end of a cancel. 401 and 407 are
/// authentication challenges, part of a normal exchange: info. The location is the side that produced the response;
/// null for the node's own responses (the node relaying or refusing, which rule 1 explains).</summary>
internal static class ErrorResponseRule
{
    public static IEnumerable<CallFinding> Find(InspectionContext context)
    {
        foreach (var response in context.Messages)
        {
            if (!response.IsResponse || response.StatusCode is < 400 or >= 700 || context.IsRetransmission(response))
            {
                continue;
            }
            if (response.StatusCode == 487 && WasCancelled(context, response))
            {
                continue;
            }
            var severity = response.StatusCode is 401 or 407 ? CallFindingSeverities.Info : CallFindingSeverities.Warning;
            var leg = LegName(response.Leg);
            var method = response.CSeqMethod ?? "request";
            var (reason, location) = response.Direction == SipTraceDirection.Received
                ? ($"the {leg} answered the node's {method} with {response.Status}", FailureLocations.Of(response.Leg))
                : ($"the node answered the {leg}'s {method} with {response.Status}", (string?)null);
            yield return new CallFinding(CallFindingTypes.ErrorResponse, severity, location, leg, reason, response.Index);
        }
    }

    private static bool WasCancelled(InspectionContext context, SipChunkView response)
    {
        // The cancelling request goes the way the cancelled request went: the opposite of its response.
        var requestDirection = response.Direction == SipTraceDirection.Received ? SipTraceDirection.Sent : SipTraceDirection.Received;
        return context.Any(m => m.Index < response.Index && m.Direction == requestDirection &&
            (m.IsRequestOf(SipMethods.Cancel) && m.SharesCSeqWith(response) ||
             m.IsRequestOf(SipMethods.Bye) && m.Leg == response.Leg && m.SipCallId == response.SipCallId));
    }
}
