namespace CallActors.Calls.Transfers;

/// <summary>One target a transfer tried (an entry of the API's <c>routing_attempts</c>), with its own status.</summary>
/// <param name="Target">The E.164 number or SIP URI dialled.</param>
/// <param name="Status">Dialing, ringing, answered, then completed, failed or cancelled (never requested).</param>
/// <param name="SipCode">The last SIP status the target sent: the 18x, 200, or the final failure; a timeout keeps the
/// last provisional one.</param>
/// <param name="FailureCause">Why the attempt failed or was cancelled (<see cref="TransferFailureCauses"/>); null when
/// it did not, or when the API cancelled it.</param>
/// <param name="StartedAt">When the INVITE (or REFER) went out.</param>
/// <param name="RingingAt">The first 18x.</param>
/// <param name="AnsweredAt">The 2xx.</param>
/// <param name="EndedAt">When the attempt completed, failed or was cancelled.</param>
public sealed record TransferAttempt(
    string Target,
    TransferStatus Status,
    int? SipCode,
    string? FailureCause,
    DateTimeOffset StartedAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt);
