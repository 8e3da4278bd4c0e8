using System.Globalization;
using CallActors.Sip.Transport;

namespace CallActors.Calls.Inspection;

/// <summary>The words the inspector writes: leg and direction names, and durations in findings.</summary>
internal static class InspectionText
{
    // CallLeg.ToWireName says a-leg/b-leg (the parser name keeps those); the inspection speaks of caller and callee,
    // as the hangup source does.
    public static string LegName(CallLeg leg) => leg == CallLeg.Caller ? "caller" : "callee";

    public static string DirectionName(SipTraceDirection direction) =>
        direction == SipTraceDirection.Received ? "received" : "sent";

    public static string Seconds(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0.0} s");
}
