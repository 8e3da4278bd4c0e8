namespace CallActors.Calls;

/// <summary>The two legs of a bridged call: the caller's (A, where the INVITE came from) and the callee's (B, the
/// leg the node originates toward the route's target).</summary>
public enum CallLeg
{
    Caller,
    Callee,
}

/// <summary>Short names used in dialogue chunks and logs.</summary>
public static class CallLegNames
{
    public static string ToWireName(this CallLeg leg) => leg == CallLeg.Caller ? "a-leg" : "b-leg";

    public static CallLeg Other(this CallLeg leg) => leg == CallLeg.Caller ? CallLeg.Callee : CallLeg.Caller;
}
