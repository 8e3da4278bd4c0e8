namespace CallActors.Calls.Transfers;

/// <summary>The values of <see cref="TransferState.FailureCause"/> and <see cref="TransferAttempt.FailureCause"/> the
/// node writes itself (a <see cref="TargetFailed.Reason"/> may bring others). <see cref="TransferStateMachine.FailureCauseFor"/>
/// maps SIP codes to the first ten.</summary>
public static class TransferFailureCauses
{
    public const string Busy = "busy";
    public const string Declined = "declined";
    public const string NoAnswer = "no_answer";
    public const string NotFound = "not_found";
    public const string AddressIncomplete = "address_incomplete";
    public const string Forbidden = "forbidden";
    public const string IncompatibleMedia = "incompatible_media";
    public const string ServiceUnavailable = "service_unavailable";
    public const string RemoteError = "remote_error";
    public const string Rejected = "rejected";
    public const string CallerHungUp = "caller_hung_up";
    public const string CalleeHungUp = "callee_hung_up";
    public const string NodeRestarted = "node_restarted";

    /// <summary>The cause for a party of the call hanging up under a transfer.</summary>
    public static string HungUp(TransferLeg leg) => leg == TransferLeg.Caller ? CallerHungUp : CalleeHungUp;
}
