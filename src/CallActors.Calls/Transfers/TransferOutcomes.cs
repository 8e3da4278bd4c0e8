namespace CallActors.Calls.Transfers;

/// <summary>The values of <see cref="TransferState.Outcome"/>: what became of the kept party when the transfer
/// ended.</summary>
public static class TransferOutcomes
{
    /// <summary>The kept party talks to the target; the other party was released.</summary>
    public const string Transferred = "transferred";

    /// <summary>Every target failed and the kept party is back with the party it was talking to.</summary>
    public const string Reconnected = "reconnected";

    /// <summary>Every target failed and the kept party was hung up.</summary>
    public const string HungUp = "hung_up";

    /// <summary>The API cancelled the transfer, or a party hung up under it.</summary>
    public const string Cancelled = "cancelled";
}
