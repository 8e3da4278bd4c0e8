using System.Text.Json.Serialization;

namespace CallActors.Calls.Transfers;

/// <summary>A transfer of one leg of a call to a target, with the fallback targets tried after it, every attempt so
/// far and its timeline. Changed only by <see cref="TransferStateMachine.Apply"/>.</summary>
public sealed record TransferState
{
    public required string Id { get; init; }

    public required string CallId { get; init; }

    public required TransferKind Kind { get; init; }

    /// <summary>The leg kept and transferred to the target.</summary>
    public required TransferLeg Leg { get; init; }

    public required TransferOrigin Origin { get; init; }

    /// <summary>The first target.</summary>
    public required string TransferTo { get; init; }

    /// <summary>The targets tried, in order, after <see cref="TransferTo"/> fails.</summary>
    public required IReadOnlyList<string> Fallback { get; init; }

    /// <summary>What happens once every target has failed. A blind transfer whose original party hangs up switches to
    /// <see cref="TransferFallbackAction.HangUp"/>: there is nobody left to reconnect to.</summary>
    public required TransferFallbackAction WhenAllFail { get; init; }

    /// <summary>The Replaces of a REFER from an endpoint (an attended transfer it set up itself), as received.</summary>
    public string? ReplacesDialog { get; init; }

    /// <summary>The call of this node that held the dialog <see cref="ReplacesDialog"/> names, when the node joined the
    /// two calls' other parties itself; null when the Replaces went to the target as it came.</summary>
    public string? ReplacedCallId { get; init; }

    public required TransferStatus Status { get; init; }

    /// <summary>The target being (or about to be) dialled; once ended, the last one tried.</summary>
    public string? CurrentTarget { get; init; }

    /// <summary>The last SIP code from the current target (see <see cref="TransferAttempt.SipCode"/>); null before the
    /// first one and again after a step to the next target.</summary>
    public int? SipCode { get; init; }

    /// <summary>Why the transfer failed (the last attempt's cause) or a party hung up under it; null otherwise.</summary>
    public string? FailureCause { get; init; }

    /// <summary>Every target tried so far, in order.</summary>
    public required IReadOnlyList<TransferAttempt> RoutingAttempts { get; init; }

    /// <summary>The target tried if the current one fails; null when none remain or the transfer has ended.</summary>
    public string? NextTransfer { get; init; }

    /// <summary>Once ended, one of <see cref="TransferOutcomes"/>; null before.</summary>
    public string? Outcome { get; init; }

    /// <summary>Every status the transfer went through, with its time, from <see cref="TransferStatus.Requested"/>.</summary>
    public required IReadOnlyList<TransferTransition> History { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    [JsonIgnore]
    public bool IsFinal => Status.IsFinal();

    /// <summary>A transfer just asked for: nothing dialled yet, <see cref="TransferTo"/> first.</summary>
    /// <exception cref="ArgumentException">An id or a target is empty.</exception>
    public static TransferState Request(
        string id,
        string callId,
        TransferKind kind,
        TransferLeg leg,
        TransferOrigin origin,
        string transferTo,
        IReadOnlyList<string> fallback,
        TransferFallbackAction whenAllFail,
        string? replacesDialog,
        DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        ArgumentException.ThrowIfNullOrWhiteSpace(transferTo);
        ArgumentNullException.ThrowIfNull(fallback);
        // A copy: the caller's list may change after the request, the persisted state must not.
        string[] targets = [.. fallback];
        if (targets.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A fallback target is empty.", nameof(fallback));
        }
        return new TransferState
        {
            Id = id,
            CallId = callId,
            Kind = kind,
            Leg = leg,
            Origin = origin,
            TransferTo = transferTo,
            Fallback = targets,
            WhenAllFail = whenAllFail,
            ReplacesDialog = replacesDialog,
            Status = TransferStatus.Requested,
            CurrentTarget = transferTo,
            RoutingAttempts = [],
            NextTransfer = targets.Length > 0 ? targets[0] : null,
            History = [new TransferTransition(TransferStatus.Requested, at, transferTo, null)],
            CreatedAt = at,
            UpdatedAt = at,
        };
    }
}
