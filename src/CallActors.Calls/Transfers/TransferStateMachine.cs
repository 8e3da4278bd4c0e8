namespace CallActors.Calls.Transfers;

/// <summary>The transfer rules, as a pure function from a state and an input to the next state. An input that means
/// nothing in the current state (anything after the end, a second DialStarted, a bridge before the answer, a 100
/// Trying) returns the same instance, so a caller can tell "nothing changed" by reference.</summary>
/// <remarks>
/// <para>requested → dialing (DialStarted) → ringing (18x) → answered (2xx) → completed (bridged). A target that fails
/// ends its attempt; if a fallback target remains the transfer goes back to requested on that target, and the node
/// dials it with a new DialStarted; if none remains the transfer fails, and <see cref="TransferState.WhenAllFail"/>
/// says whether the node reconnects the kept party or hangs it up (<see cref="TransferState.Outcome"/>).</para>
/// <para>Every input that changes the status appends a <see cref="TransferTransition"/>; every input that changes the
/// state sets <see cref="TransferState.UpdatedAt"/>; an ending sets <see cref="TransferState.CompletedAt"/> and clears
/// <see cref="TransferState.NextTransfer"/>.</para>
/// <para>Choices where the SIP rules leave room:</para>
/// <list type="bullet">
/// <item>Cancel: an attended transfer until it completes (the consultation may still be abandoned); a blind one only
/// before the target answers, since the node bridges at once after that.</item>
/// <item>A target that fails once answered (it hangs up during the consultation, or before the bridge) fails its
/// attempt like a SIP failure; the node says why in <see cref="TargetFailed.Reason"/>.</item>
/// <item>The kept party hanging up cancels the transfer. The original party hanging up cancels an attended transfer
/// (nobody is left to complete the consultation) but not a blind one: RFC 5589 §6 lets the transferor leave once the
/// transfer is under way (sip.md §2.5), so it goes on and, should every target fail, hangs up the kept party since
/// there is nobody to reconnect it to. That is the one change of state without a status change, so without a
/// History entry.</item>
/// </list>
/// </remarks>
public static class TransferStateMachine
{
    public static TransferState Apply(TransferState state, TransferInput input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        if (state.IsFinal)
        {
            return state;
        }
        var status = state.Status;
        return input switch
        {
            DialStarted dial when status == TransferStatus.Requested => StartAttempt(state, dial.At),
            TargetRinging { SipCode: > 100 and < 200 } ringing when status == TransferStatus.Dialing => Ring(state, ringing),
            TargetAnswered answer when status is TransferStatus.Dialing or TransferStatus.Ringing => Answer(state, answer.At),
            TargetBridged bridged when status == TransferStatus.Answered => Complete(state, bridged.At),
            TargetFailed { SipCode: null or (>= 300 and < 700) } failed when HasActiveAttempt(state) => Fail(state, failed),
            CancelRequested cancel when CanCancel(state) => Cancel(state, null, cancel.At),
            KeptPartyHungUp hungUp => Cancel(state, TransferFailureCauses.HungUp(state.Leg), hungUp.At),
            TransferInterrupted interrupted => Cancel(state, TransferFailureCauses.NodeRestarted, interrupted.At),
            OriginalPartyHungUp hungUp when state.Kind == TransferKind.Attended =>
                Cancel(state, TransferFailureCauses.HungUp(state.Leg.Other()), hungUp.At),
            OriginalPartyHungUp hungUp when state.WhenAllFail != TransferFallbackAction.HangUp =>
                state with { WhenAllFail = TransferFallbackAction.HangUp, UpdatedAt = hungUp.At },
            _ => state,
        };
    }

    /// <summary>Whether the API may cancel the transfer now: an attended one until it has ended, a blind one until the
    /// target answers.</summary>
    public static bool CanCancel(TransferState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Kind == TransferKind.Attended
            ? !state.IsFinal
            : state.Status is TransferStatus.Requested or TransferStatus.Dialing or TransferStatus.Ringing;
    }

    /// <summary>The failure cause (<see cref="TransferFailureCauses"/>) for the final response a target failed with,
    /// or for no response at all (null: nobody answered in time).</summary>
    /// <remarks>
    /// <list type="table">
    /// <item><term>486, 600</term><description>busy</description></item>
    /// <item><term>603</term><description>declined</description></item>
    /// <item><term>408, 480, 487, none</term><description>no_answer (487: our own CANCEL on the ring timeout)</description></item>
    /// <item><term>404, 604</term><description>not_found</description></item>
    /// <item><term>484, 485</term><description>address_incomplete (485 Ambiguous: the address needs more to pick one)</description></item>
    /// <item><term>403</term><description>forbidden</description></item>
    /// <item><term>488, 606</term><description>incompatible_media</description></item>
    /// <item><term>503</term><description>service_unavailable</description></item>
    /// <item><term>other 5xx</term><description>remote_error</description></item>
    /// <item><term>anything else (other 4xx, 3xx we do not follow, other 6xx)</term><description>rejected</description></item>
    /// </list>
    /// </remarks>
    public static string FailureCauseFor(int? sipCode) => sipCode switch
    {
        null or 408 or 480 or 487 => TransferFailureCauses.NoAnswer,
        486 or 600 => TransferFailureCauses.Busy,
        603 => TransferFailureCauses.Declined,
        404 or 604 => TransferFailureCauses.NotFound,
        484 or 485 => TransferFailureCauses.AddressIncomplete,
        403 => TransferFailureCauses.Forbidden,
        488 or 606 => TransferFailureCauses.IncompatibleMedia,
        503 => TransferFailureCauses.ServiceUnavailable,
        >= 500 and < 600 => TransferFailureCauses.RemoteError,
        _ => TransferFailureCauses.Rejected,
    };

    private static TransferState StartAttempt(TransferState state, DateTimeOffset at)
    {
        var target = state.CurrentTarget ?? state.TransferTo;
        var attempt = new TransferAttempt(target, TransferStatus.Dialing, null, null, at, null, null, null);
        return Move(
            state with { CurrentTarget = target, SipCode = null, RoutingAttempts = [.. state.RoutingAttempts, attempt] },
            TransferStatus.Dialing, at, null);
    }

    private static TransferState Ring(TransferState state, TargetRinging ringing) => Move(
        WithCurrentAttempt(
            state with { SipCode = ringing.SipCode },
            attempt => attempt with { Status = TransferStatus.Ringing, SipCode = ringing.SipCode, RingingAt = ringing.At }),
        TransferStatus.Ringing, ringing.At, ringing.SipCode);

    private static TransferState Answer(TransferState state, DateTimeOffset at) => Move(
        WithCurrentAttempt(
            state with { SipCode = 200 },
            attempt => attempt with { Status = TransferStatus.Answered, SipCode = 200, AnsweredAt = at }),
        TransferStatus.Answered, at, 200);

    private static TransferState Complete(TransferState state, DateTimeOffset at) => Move(
        WithCurrentAttempt(
            state with { Outcome = TransferOutcomes.Transferred },
            attempt => attempt with { Status = TransferStatus.Completed, EndedAt = at }),
        TransferStatus.Completed, at, null);

    private static TransferState Fail(TransferState state, TargetFailed failed)
    {
        var cause = string.IsNullOrWhiteSpace(failed.Reason) ? FailureCauseFor(failed.SipCode) : failed.Reason;
        var sipCode = failed.SipCode ?? state.SipCode;
        var ended = WithCurrentAttempt(
            state,
            attempt => attempt with { Status = TransferStatus.Failed, SipCode = sipCode, FailureCause = cause, EndedAt = failed.At });
        if (state.NextTransfer is { } next)
        {
            // The targets are TransferTo then Fallback, so after n attempts the next one is Fallback[n - 1] and the one
            // after it Fallback[n].
            var tried = ended.RoutingAttempts.Count;
            var afterNext = tried < state.Fallback.Count ? state.Fallback[tried] : null;
            return Move(
                ended with { CurrentTarget = next, NextTransfer = afterNext, SipCode = null },
                TransferStatus.Requested, failed.At, null);
        }
        var outcome = state.WhenAllFail == TransferFallbackAction.Reconnect ? TransferOutcomes.Reconnected : TransferOutcomes.HungUp;
        return Move(
            ended with { SipCode = sipCode, FailureCause = cause, Outcome = outcome },
            TransferStatus.Failed, failed.At, failed.SipCode);
    }

    private static TransferState Cancel(TransferState state, string? cause, DateTimeOffset at)
    {
        var cancelled = HasActiveAttempt(state)
            ? WithCurrentAttempt(state, attempt => attempt with { Status = TransferStatus.Cancelled, FailureCause = cause, EndedAt = at })
            : state;
        return Move(cancelled with { FailureCause = cause, Outcome = TransferOutcomes.Cancelled }, TransferStatus.Cancelled, at, null);
    }

    /// <summary>Dialing, ringing or answered: the last routing attempt is the one under way. In requested there is none
    /// (nothing dialled yet, or the last attempt has failed and the next target waits for its DialStarted).</summary>
    private static bool HasActiveAttempt(TransferState state) =>
        state.Status is TransferStatus.Dialing or TransferStatus.Ringing or TransferStatus.Answered;

    private static TransferState WithCurrentAttempt(TransferState state, Func<TransferAttempt, TransferAttempt> change)
    {
        var attempts = state.RoutingAttempts.ToArray();
        attempts[^1] = change(attempts[^1]);
        return state with { RoutingAttempts = attempts };
    }

    private static TransferState Move(TransferState state, TransferStatus status, DateTimeOffset at, int? sipCode)
    {
        var final = status.IsFinal();
        return state with
        {
            Status = status,
            UpdatedAt = at,
            CompletedAt = final ? at : null,
            NextTransfer = final ? null : state.NextTransfer,
            History = [.. state.History, new TransferTransition(status, at, state.CurrentTarget, sipCode)],
        };
    }
}
