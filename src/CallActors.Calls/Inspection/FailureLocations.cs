namespace CallActors.Calls.Inspection;

/// <summary>The values of <see cref="CallFinding.FailureLocation"/>, as Kazoo's call-inspector analysis names them.</summary>
public static class FailureLocations
{
    /// <summary>The caller's side: the caller, or the node refusing what the caller asked.</summary>
    public const string Origination = "origination";

    /// <summary>The callee's side: the route's target and beyond.</summary>
    public const string Termination = "termination";

    /// <summary>The side a leg stands for.</summary>
    public static string Of(CallLeg leg) => leg == CallLeg.Caller ? Origination : Termination;
}
