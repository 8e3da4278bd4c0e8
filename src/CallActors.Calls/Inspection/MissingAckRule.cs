using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using static CallActors.Calls.Inspection.InspectionText;

namespace CallActors.Calls.Inspection;

/// <summary>Rule 2, <c>missing_ack</c>: an INVITE transaction (initial or re-INVITE, either leg) got a final response
/// but no ACK with the same CSeq number went the other way on that leg. Whoever received the final response owes the
/// ACK: for a response the node sent, the leg's peer (the ACK is received); for one the node received, the node (the
/// ACK is sent). ACKs of non-2xx finals (sent by the transaction layer) count too, since every message is traced.
/// Copies of a retransmitted final response make one finding.</summary>
/// <remarks>An ACK a few milliseconds behind its response is not missing: a final response with no ACK is only
/// reported once the call has ended or a later message crossed the same leg (the peer retransmitting its 2xx is one).</remarks>
internal static class MissingAckRule
{
    public static IEnumerable<CallFinding> Find(InspectionContext context)
    {
        var missing = new List<SipChunkView>();
        var seen = new HashSet<(CallLeg, SipTraceDirection, string, uint?, string?)>();
        foreach (var response in context.Messages)
        {
            if (!response.IsFinalResponse || !response.IsResponseTo(SipMethods.Invite) || response.CSeqNumber is null ||
                !seen.Add((response.Leg, response.Direction, response.SipCallId, response.CSeqNumber, response.ToTag)))
            {
                continue;
            }
            var ackDirection = Opposite(response.Direction);
            var acked = context.Any(m => m.IsRequestOf(SipMethods.Ack) && m.Direction == ackDirection && m.SharesCSeqWith(response));
            var settled = context.Status.IsEnded || context.Any(m => m.Index > response.Index && m.Leg == response.Leg);
            if (!acked && settled)
            {
                missing.Add(response);
            }
        }

        // The node ACKs the callee's 2xx when the caller's ACK for the relayed 2xx arrives: name that cause.
        var callerNeverAcked2xx = missing.Exists(m => m.Leg == CallLeg.Caller && m.Direction == SipTraceDirection.Sent && m.StatusCode < 300);
        foreach (var response in missing)
        {
            var cseq = $"INVITE, CSeq {response.CSeqNumber}";
            var leg = LegName(response.Leg);
            string reason;
            string? location;
            if (response.Direction == SipTraceDirection.Sent)
            {
                reason = $"the {leg} never sent the ACK for the node's {response.Status} ({cseq})";
                location = FailureLocations.Of(response.Leg);
            }
            else
            {
                var relayed = response.Leg == CallLeg.Callee && response.StatusCode < 300 && callerNeverAcked2xx
                    ? "; the node forwards the caller's ACK, which never came"
                    : string.Empty;
                reason = $"the node never sent the ACK for the {leg}'s {response.Status} ({cseq}){relayed}";
                location = relayed.Length > 0 ? FailureLocations.Origination : null;
            }
            yield return new CallFinding(CallFindingTypes.MissingAck, CallFindingSeverities.Error, location, leg, reason, response.Index);
        }
    }

    private static SipTraceDirection Opposite(SipTraceDirection direction) =>
        direction == SipTraceDirection.Received ? SipTraceDirection.Sent : SipTraceDirection.Received;
}
