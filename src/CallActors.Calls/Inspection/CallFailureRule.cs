using CallActors.Calls.Status;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using static CallActors.Calls.Inspection.InspectionText;

namespace CallActors.Calls.Inspection;

/// <summary>Rule 1, <c>call_failed</c>: why a call that ended without an answer ended, and on which side. The status
/// (which the B2BUA derived from the codes it saw) decides the case; the dialogue supplies the message, its status
/// line and its timing. A call still in progress or answered is not a failure here.</summary>
internal static class CallFailureRule
{
    public static IEnumerable<CallFinding> Find(InspectionContext context)
    {
        var status = context.Status;
        if (!status.IsEnded || status.AnsweredAt is not null)
        {
            yield break;
        }
        yield return status switch
        {
            { Status: CallStatus.Cancelled } => Cancelled(context),
            // Before the callee rules: a restart leaves no code to explain the end.
            { HangupCause: SipHangupCauses.NodeRestarted } => Finding(
                CallFindingSeverities.Error, null, null, "the node restarted before the call was answered", null),
            // The node refused the caller's INVITE itself (no route, overload, loop, too many hops, bad SDP): the
            // callee leg never carried a message.
            { HangupSource: HangupSource.None } when !context.Any(m => m.Leg == CallLeg.Callee) => Refused(context),
            // The ring timeout: no-answer with source timeout (a dead leg is failed with source timeout).
            { HangupSource: HangupSource.Timeout, Status: CallStatus.NoAnswer } => RingTimeout(context),
            { HangupSource: HangupSource.Timeout } => CalleeSilent(context),
            { HangupSource: HangupSource.Callee } => CalleeRefused(context),
            _ => Unexplained(context),
        };
    }

    /// <summary>The caller gave up (CANCEL, or BYE on the early dialog), or the API hung up before the answer: normal
    /// behaviour, reported as info.</summary>
    private static CallFinding Cancelled(InspectionContext context)
    {
        var status = context.Status;
        var after = Seconds(status.Duration ?? TimeSpan.Zero);
        var ringing = status.RingingAt is null ? "before the callee rang" : "while the callee was ringing";
        if (status.HangupSource == HangupSource.Api)
        {
            var toCaller = FinalToCaller(context);
            return Finding(CallFindingSeverities.Info, null, null,
                $"the call was hung up through the API after {after}, {ringing}", toCaller?.Index);
        }
        var cancel = context.First(m => m.Leg == CallLeg.Caller && m.Direction == SipTraceDirection.Received && m.IsRequestOf(SipMethods.Cancel));
        if (cancel is null && context.First(m => m.Leg == CallLeg.Caller && m.Direction == SipTraceDirection.Received && m.IsRequestOf(SipMethods.Bye)) is { } bye)
        {
            return Finding(CallFindingSeverities.Info, FailureLocations.Origination, CallLeg.Caller,
                $"the caller hung up (BYE on the early dialog) after {after}, {ringing}", bye.Index);
        }
        return Finding(CallFindingSeverities.Info, FailureLocations.Origination, CallLeg.Caller,
            $"the caller cancelled after {after}, {ringing}", cancel?.Index);
    }

    private static CallFinding Refused(InspectionContext context)
    {
        var response = FinalToCaller(context);
        // The status line on the wire carries the node's own reason ("No Route"); the code alone, the standard one.
        var statusLine = response?.Status
            ?? (context.Status.FinalSipCode is { } code ? $"{code} {SipStatusCodes.ReasonPhrase(code)}" : "no final response");
        var cause = context.Status.HangupCause is { } hangupCause ? $" ({hangupCause})" : string.Empty;
        return Finding(CallFindingSeverities.Error, FailureLocations.Origination, CallLeg.Caller,
            $"the node refused the caller's INVITE with {statusLine}{cause}; no callee leg was placed", response?.Index);
    }

    private static CallFinding RingTimeout(InspectionContext context)
    {
        var status = context.Status;
        var rang = status.RingingAt is { } ringingAt ? $", ringing for {Seconds((status.EndedAt ?? ringingAt) - ringingAt)}" : ", without ringing";
        // The node's CANCEL toward the callee shows the moment the timer fired.
        var shown = context.First(m => m.Leg == CallLeg.Callee && m.Direction == SipTraceDirection.Sent && m.IsRequestOf(SipMethods.Cancel))
            ?? FinalToCaller(context);
        return Finding(CallFindingSeverities.Error, FailureLocations.Termination, CallLeg.Callee,
            $"the callee did not answer within the ring timeout: {Seconds(status.Duration ?? TimeSpan.Zero)} after the INVITE{rang}",
            shown?.Index);
    }

    /// <summary>The callee's INVITE transaction timed out: nothing came back, or only provisional responses.</summary>
    private static CallFinding CalleeSilent(InspectionContext context)
    {
        var after = Seconds(context.Status.Duration ?? TimeSpan.Zero);
        var lastResponse = context.Last(m => m.Leg == CallLeg.Callee && m.Direction == SipTraceDirection.Received && m.IsResponseTo(SipMethods.Invite));
        if (lastResponse is null)
        {
            var invite = context.First(m => m.Leg == CallLeg.Callee && m.Direction == SipTraceDirection.Sent && m.IsRequestOf(SipMethods.Invite));
            return Finding(CallFindingSeverities.Error, FailureLocations.Termination, CallLeg.Callee,
                $"no response from the callee to the INVITE; the call gave up after {after}", invite?.Index);
        }
        return Finding(CallFindingSeverities.Error, FailureLocations.Termination, CallLeg.Callee,
            $"the callee sent {lastResponse.Status} but no final response; the call gave up after {after}", lastResponse.Index);
    }

    /// <summary>The callee ended the INVITE with a final 3xx–6xx (the last one: earlier 3xx were followed), or ended
    /// its early dialog with BYE.</summary>
    private static CallFinding CalleeRefused(InspectionContext context)
    {
        var final = context.Last(m => m.Leg == CallLeg.Callee && m.Direction == SipTraceDirection.Received &&
            m.IsResponseTo(SipMethods.Invite) && m.StatusCode >= 300);
        if (final is not null)
        {
            var invite = context.First(m => m.Direction == SipTraceDirection.Sent && m.IsRequestOf(SipMethods.Invite) && m.SharesCSeqWith(final));
            var since = final.Timestamp - (invite?.Timestamp ?? context.Status.CreatedAt);
            return Finding(CallFindingSeverities.Error, FailureLocations.Termination, CallLeg.Callee,
                $"the callee answered {final.Status} after {Seconds(since)}", final.Index);
        }
        if (context.First(m => m.Leg == CallLeg.Callee && m.Direction == SipTraceDirection.Received && m.IsRequestOf(SipMethods.Bye)) is { } bye)
        {
            return Finding(CallFindingSeverities.Error, FailureLocations.Termination, CallLeg.Callee,
                $"the callee ended its early dialog with BYE after {Seconds(bye.Timestamp - context.Status.CreatedAt)}", bye.Index);
        }
        var code = context.Status.FinalSipCode;
        return Finding(CallFindingSeverities.Error, FailureLocations.Termination, CallLeg.Callee,
            code is { } known ? $"the callee refused the call with {known} {SipStatusCodes.ReasonPhrase(known)}" : "the callee refused the call",
            null);
    }

    private static CallFinding Unexplained(InspectionContext context)
    {
        var status = context.Status;
        var response = FinalToCaller(context);
        var code = status.FinalSipCode is { } known ? $" {known} {SipStatusCodes.ReasonPhrase(known)}" : string.Empty;
        return Finding(CallFindingSeverities.Error, null, null,
            $"the call ended {status.Status.ToWireName()} without an answer{code} (cause {status.HangupCause ?? "unknown"})",
            response?.Index);
    }

    /// <summary>The node's final response to the caller's INVITE.</summary>
    private static SipChunkView? FinalToCaller(InspectionContext context) =>
        context.First(m => m.Leg == CallLeg.Caller && m.Direction == SipTraceDirection.Sent && m.IsResponseTo(SipMethods.Invite) && m.StatusCode >= 300);

    private static CallFinding Finding(string severity, string? location, CallLeg? leg, string reason, int? index) =>
        new(CallFindingTypes.CallFailed, severity, location, leg is { } known ? LegName(known) : null, reason, index);
}
