namespace CallActors.Calls.ReadModel;

/// <summary>One summary row per call, as the calls read model lists and finds them (built by
/// <see cref="CallSummaryProjection"/> from the call's events).</summary>
/// <param name="CallId">The call's id: the caller leg's SIP Call-ID.</param>
/// <param name="CalleeCallId">The callee leg's SIP Call-ID, or null when no callee was dialled.</param>
/// <param name="AccountId">The account of the route the call took; null when it has none.</param>
/// <param name="Realm">The host of the caller's Request-URI, lower-case: a call without an account belongs to the
/// account of its realm.</param>
/// <param name="Node">The node that handled the call.</param>
/// <param name="Route">The route (trunk) the call took, or null.</param>
/// <param name="From">The caller's From header, as it came.</param>
/// <param name="To">The caller's To header, as it came.</param>
/// <param name="FromUser">The user part of the From URI (unescaped), or null when it has none.</param>
/// <param name="ToUser">The user part of the To URI (unescaped), or null when it has none.</param>
/// <param name="Direction">Always <c>incoming</c> for a call the B2BUA received.</param>
/// <param name="Status">The status wire name (<c>starting</c>, <c>ringing</c>, <c>ongoing</c>, <c>completed</c>…).</param>
/// <param name="CreatedAt">When the caller's INVITE arrived.</param>
/// <param name="UpdatedAt">When the latest event of the call was recorded.</param>
/// <param name="RingingAt">The first ringing response.</param>
/// <param name="AnsweredAt">The answer.</param>
/// <param name="EndedAt">The end.</param>
/// <param name="PddMs">Post-dial delay in milliseconds.</param>
/// <param name="SipCode">The final SIP code that decided the call.</param>
/// <param name="HangupCause">The Q.850-style hangup cause (NORMAL_CLEARING…).</param>
/// <param name="HangupSource">Who ended the call, as its wire name (caller, callee, api, timeout, media-timeout, none).</param>
/// <param name="DialogueMessages">How many SIP messages (dialogue chunks) of the call were recorded so far.</param>
/// <param name="CallerMos">G.107 MOS of the stream the caller sent us, from the latest media sample.</param>
/// <param name="CalleeMos">G.107 MOS of the stream the callee sent us, from the latest media sample.</param>
public sealed record CallSummary(
    string CallId,
    string? CalleeCallId,
    string? AccountId,
    string? Realm,
    string Node,
    string? Route,
    string From,
    string To,
    string? FromUser,
    string? ToUser,
    string Direction,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    double? PddMs,
    int? SipCode,
    string? HangupCause,
    string? HangupSource,
    int DialogueMessages,
    double? CallerMos,
    double? CalleeMos);
