namespace CallActors.Calls.Status;

/// <summary>The call status rules, as a pure function from a state and an input to the next state. An input that means
/// nothing in the current state (anything after the end, a second answer, a 100 Trying, a BYE before the answer from
/// the callee) returns the same instance, so a caller can tell "nothing changed" by reference.</summary>
/// <remarks>
/// Choices where the SIP rules leave room:
/// <list type="bullet">
/// <item>Ring timeout: no-answer, cause NO_ANSWER, and the caller gets 480 (RFC 3398 and FreeSWITCH map NO_ANSWER to
/// 480); 408 stays the sign of a leg that stopped answering, so a CDR tells an unanswered call from a dead peer.</item>
/// <item>A 487 from the callee that we did not cause (our own CANCEL ends the call first, and the 487 that follows is
/// ignored) is a failure with cause ORIGINATOR_CANCEL.</item>
/// <item>A hangup before the answer: the caller's BYE on an early dialog is a cancel (RFC 3261 §15.1.2 answers the
/// INVITE with 487); so is the API's (the node CANCELs the callee and answers the caller 487). The callee cannot send
/// BYE on an early dialog, and the media timer only runs once answered: both are ignored.</item>
/// <item>A transaction timeout after the answer (no ACK, a BYE or re-INVITE unanswered) completes the call with
/// source timeout and cause RECOVERY_ON_TIMER_EXPIRE: it was a real, answered call.</item>
/// <item>A node restart fails the call but keeps its final SIP code: the 200 of an answered call was sent.</item>
/// </list>
/// </remarks>
public static class CallStatusStateMachine
{
    public static CallStatusState Apply(CallStatusState state, CallStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        if (state.IsEnded)
        {
            return state;
        }
        var answered = state.Status == CallStatus.Ongoing;
        return input switch
        {
            CalleeProgress { StatusCode: > 100 and < 200 } progress when state.Status == CallStatus.Starting =>
                state with { Status = CallStatus.Ringing, RingingAt = progress.At, Pdd = progress.At - state.CreatedAt },
            CalleeAnswered answer when !answered => state with
            {
                Status = CallStatus.Ongoing,
                AnsweredAt = answer.At,
                Pdd = state.Pdd ?? answer.At - state.CreatedAt,
                FinalSipCode = 200,
            },
            CalleeRejected { StatusCode: >= 300 and < 700 } rejected when !answered => End(
                state,
                rejected.StatusCode switch
                {
                    486 or 600 => CallStatus.Busy,
                    408 or 480 => CallStatus.NoAnswer,
                    _ => CallStatus.Failed,
                },
                HangupSource.Callee,
                SipHangupCauses.FromSipCode(rejected.StatusCode),
                rejected.StatusCode,
                rejected.At),
            CallerCancelled cancelled when !answered => Cancel(state, HangupSource.Caller, cancelled.At),
            RingTimeout timeout when !answered => End(
                state, CallStatus.NoAnswer, HangupSource.Timeout, SipHangupCauses.NoAnswer,
                SipHangupCauses.ToSipCode(SipHangupCauses.NoAnswer), timeout.At),
            Rejected { StatusCode: >= 300 and < 700 } rejected when !answered => End(
                state, CallStatus.Failed, HangupSource.None,
                string.IsNullOrEmpty(rejected.Cause) ? SipHangupCauses.FromSipCode(rejected.StatusCode) : rejected.Cause,
                rejected.StatusCode, rejected.At),
            HungUp hungUp => HangUp(state, answered, hungUp),
            TransactionTimedOut timedOut => answered
                ? End(state, CallStatus.Completed, HangupSource.Timeout, SipHangupCauses.RecoveryOnTimerExpire, state.FinalSipCode, timedOut.At)
                : End(state, CallStatus.Failed, HangupSource.Timeout, SipHangupCauses.RecoveryOnTimerExpire,
                    SipHangupCauses.ToSipCode(SipHangupCauses.RecoveryOnTimerExpire), timedOut.At),
            NodeRestarted restarted => End(
                state, CallStatus.Failed, HangupSource.None, SipHangupCauses.NodeRestarted, state.FinalSipCode, restarted.At),
            _ => state,
        };
    }

    private static CallStatusState HangUp(CallStatusState state, bool answered, HungUp hungUp) => (answered, hungUp.Source) switch
    {
        (true, HangupSource.Caller or HangupSource.Callee or HangupSource.Api) =>
            End(state, CallStatus.Completed, hungUp.Source, SipHangupCauses.NormalClearing, state.FinalSipCode, hungUp.At),
        (true, HangupSource.MediaTimeout) =>
            End(state, CallStatus.Completed, HangupSource.MediaTimeout, SipHangupCauses.MediaTimeout, state.FinalSipCode, hungUp.At),
        (false, HangupSource.Caller or HangupSource.Api) => Cancel(state, hungUp.Source, hungUp.At),
        _ => state,
    };

    private static CallStatusState Cancel(CallStatusState state, HangupSource source, DateTimeOffset at) =>
        End(state, CallStatus.Cancelled, source, SipHangupCauses.OriginatorCancel,
            SipHangupCauses.ToSipCode(SipHangupCauses.OriginatorCancel), at);

    private static CallStatusState End(
        CallStatusState state, CallStatus status, HangupSource source, string cause, int? finalSipCode, DateTimeOffset at) =>
        state with
        {
            Status = status,
            EndedAt = at,
            HangupSource = source,
            HangupCause = cause,
            FinalSipCode = finalSipCode,
        };
}
