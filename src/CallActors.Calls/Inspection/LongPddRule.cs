using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using static CallActors.Calls.Inspection.InspectionText;

namespace CallActors.Calls.Inspection;

/// <summary>Rule 5, <c>long_pdd</c>: the post-dial delay (the caller's INVITE to the callee's first ringing
/// response, or to the answer without one) is above <see cref="CallInspectionOptions.LongPdd"/>. The delay is the
/// callee side's (route target and beyond), so the location is termination; the message is the response that ended
/// it.</summary>
internal static class LongPddRule
{
    public static IEnumerable<CallFinding> Find(InspectionContext context)
    {
        if (context.Status.Pdd is not { } pdd || pdd <= context.Options.LongPdd)
        {
            yield break;
        }
        var ended = context.First(m => m.Leg == CallLeg.Callee && m.Direction == SipTraceDirection.Received &&
            m.IsResponseTo(SipMethods.Invite) && m.StatusCode is > 100 and < 300);
        var what = ended is null ? string.Empty : $" ({ended.Status})";
        yield return new CallFinding(CallFindingTypes.LongPdd, CallFindingSeverities.Warning, FailureLocations.Termination,
            LegName(CallLeg.Callee),
            $"post-dial delay of {Seconds(pdd)} (above {Seconds(context.Options.LongPdd)}): the callee's first response{what} came {Seconds(pdd)} after the INVITE",
            ended?.Index);
    }
}
