namespace CallActors.Calls.Transfers;

/// <summary>The leg of the call that is kept and transferred to the target; the other leg is released once the
/// transfer completes.</summary>
public enum TransferLeg
{
    Caller,
    Callee,
}

/// <summary>The names the API and the events use for <see cref="TransferLeg"/>.</summary>
public static class TransferLegNames
{
    public static string ToWireName(this TransferLeg leg) => leg switch
    {
        TransferLeg.Caller => "caller",
        TransferLeg.Callee => "callee",
        _ => throw new ArgumentOutOfRangeException(nameof(leg), leg, null),
    };

    /// <summary>The leg a wire name stands for; false for any other name.</summary>
    public static bool TryParse(string? name, out TransferLeg leg) => WireNames.TryParse(name, ToWireName, out leg);

    /// <summary>The leg on the other side of the call.</summary>
    public static TransferLeg Other(this TransferLeg leg) => leg == TransferLeg.Caller ? TransferLeg.Callee : TransferLeg.Caller;
}
