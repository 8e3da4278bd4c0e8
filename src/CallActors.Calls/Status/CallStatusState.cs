using System.Text.Json.Serialization;

namespace CallActors.Calls.Status;

/// <summary>A call's status and the facts a CDR needs: when it was created, rang, was answered and ended, the post-dial
/// delay, the final SIP code, the hangup cause (Q.850-style name, <see cref="SipHangupCauses"/>) and who hung up.
/// Changed only by <see cref="CallStatusStateMachine.Apply"/>.</summary>
/// <param name="Status">Where the call is.</param>
/// <param name="CreatedAt">When the caller's INVITE arrived.</param>
/// <param name="RingingAt">The first provisional response other than 100 from the callee.</param>
/// <param name="AnsweredAt">The callee's 2xx.</param>
/// <param name="EndedAt">When the call reached one of its endings.</param>
/// <param name="Pdd">Post-dial delay: from creation to the first provisional response other than 100 (RFC 6076
/// §4.1), or to the answer when the callee answered without one.</param>
/// <param name="FinalSipCode">The final response that decided the call: 200 when answered, the callee's code when it
/// refused, else the code the node ended the caller's INVITE with.</param>
/// <param name="HangupCause">The Q.850-style cause (<see cref="SipHangupCauses"/>); null while not ended.</param>
/// <param name="HangupSource">Who ended the call; null while it is not ended.</param>
public sealed record CallStatusState(
    CallStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    TimeSpan? Pdd,
    int? FinalSipCode,
    string? HangupCause,
    HangupSource? HangupSource)
{
    [JsonIgnore]
    public bool IsEnded => Status.IsEnded();

    /// <summary>The whole call, creation to end (null until it ends).</summary>
    [JsonIgnore]
    public TimeSpan? Duration => EndedAt - CreatedAt;

    /// <summary>The answered part, answer to end: what is billed (null until an answered call ends).</summary>
    [JsonIgnore]
    public TimeSpan? TalkTime => EndedAt - AnsweredAt;

    public static CallStatusState Start(DateTimeOffset createdAt) =>
        new(CallStatus.Starting, createdAt, null, null, null, null, null, null, null);
}
