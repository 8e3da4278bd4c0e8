using CallActors.Calls.Transfers;

namespace CallActors.Calls;

/// <summary>What the API asks of a transfer: the kind, the first target and the fallback targets (each a SIP URI or a
/// number the node's routes resolve), the leg kept, and what becomes of the kept party when every target fails.</summary>
public sealed record TransferRequest(
    TransferKind Kind,
    string TransferTo,
    TransferLeg Leg,
    IReadOnlyList<string> Fallback,
    TransferFallbackAction WhenAllFail);

/// <summary>Starts a transfer of an answered call; the reply is a <see cref="TransferAccepted"/>, a
/// <see cref="CallControlRefused"/> (nothing changed) or <see cref="CallNotFound"/>.</summary>
public sealed record StartTransfer(string CallId, TransferRequest Request);

/// <summary>Asks a call for its transfers; the reply is a <see cref="TransferList"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record GetTransfers(string CallId);

/// <summary>Cancels a transfer in progress (an attended one until it completes, a blind one until the target answers);
/// the kept party goes back to the party it was talking to. The reply is a <see cref="TransferAccepted"/> or a
/// <see cref="CallControlRefused"/>.</summary>
public sealed record CancelTransfer(string CallId, string TransferId);

/// <summary>Completes an attended transfer whose target has answered: the kept party is bridged to the target and the
/// party that consulted is released. The reply is a <see cref="TransferAccepted"/> or a <see cref="CallControlRefused"/>.</summary>
public sealed record CompleteTransfer(string CallId, string TransferId);

/// <summary>A transfer as it is now (after the request, cancel or complete).</summary>
public sealed record TransferAccepted(TransferState Transfer);

/// <summary>Every transfer of a call, oldest first.</summary>
public sealed record TransferList(IReadOnlyList<TransferState> Transfers);

/// <summary>A call-control request the call refused, with nothing changed: the HTTP status, the Crossbar error tag and
/// a sentence saying why.</summary>
public sealed record CallControlRefused(int StatusCode, string Error, string Message)
{
    /// <summary>A value echoed in a refusal, cut to 64 characters (it came from the request).</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

/// <summary>Click-to-call (the sessions API): the node calls <paramref name="Caller"/> first and, once the caller
/// answers, <paramref name="Callee"/>, then bridges them. Each party is a SIP URI or a number; a number goes through
/// the routes (the callee through the route named <paramref name="Trunk"/> when one is given). Only routes of
/// <paramref name="AccountId"/>, or of no account, may be used.</summary>
public sealed record SessionRequest(string Caller, string Callee, string? CallerDisplayName, string? Trunk, string AccountId);

/// <summary>Sent to the calls directory: starts a click-to-call session. The reply is a <see cref="SessionStarted"/>
/// or a <see cref="CallControlRefused"/> (no route, unknown trunk, over the limits).</summary>
public sealed record StartSession(SessionRequest Request);

/// <summary>The session's call exists and the caller is being dialled; <paramref name="CallId"/> is the session id.</summary>
public sealed record SessionStarted(string CallId);

/// <summary>Puts one party of an answered call on hold (re-INVITE a=sendonly) or takes it off (a=sendrecv).
/// <paramref name="Party"/> is the leg that is held. The reply is a <see cref="HoldChanged"/> or a
/// <see cref="CallControlRefused"/> (not answered, ended, a re-INVITE already in progress, media not anchored).</summary>
public sealed record HoldCall(string CallId, TransferLeg Party, bool Hold);

/// <summary>The hold (or unhold) re-INVITE went out toward <paramref name="Party"/>.</summary>
public sealed record HoldChanged(string CallId, TransferLeg Party, bool Held);

/// <summary>Asks a call for its legs as they are now; the reply is a <see cref="CallLegList"/> (or
/// <see cref="CallNotFound"/>).</summary>
public sealed record GetCallLegs(string CallId);

/// <summary>One leg of a call: which party (<c>caller</c> or <c>callee</c>), its SIP Call-ID, the party's address (the
/// URI dialled, or the From of an incoming call), its display name, the route it went through, when it started and
/// answered, its status (<c>dialing</c>, <c>ringing</c>, <c>answered</c>, <c>ended</c>) and whether the node holds it.</summary>
public sealed record CallLegView(
    string Leg,
    string SipCallId,
    string Party,
    string? DisplayName,
    string? Route,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    string Status,
    bool Held);

/// <summary>The legs of a call: the caller's first, then the callee's, then a transfer target being dialled.</summary>
public sealed record CallLegList(string CallId, bool ClickToCall, IReadOnlyList<CallLegView> Legs);

/// <summary>A REFER's Replaces (RFC 3891) named a dialog: the directory passes this to the call on this node whose leg
/// has <paramref name="SipCallId"/> (or answers <see cref="ReplacedDialogRefused"/> with <c>OnThisNode</c> false). The
/// tags are as the node sees its own end of that dialog: <paramref name="ToTag"/> the node's, <paramref name="FromTag"/>
/// the phone's. <paramref name="AccountId"/> is the asking call's account: a call of another account is not handed
/// over.</summary>
public sealed record FindReplacedDialog(string SipCallId, string ToTag, string FromTag, string? AccountId, string AskedBy);

/// <summary>The replaced dialog is a leg of call <paramref name="CallId"/>; the party on the other side of that call
/// (the one the transferee is to be bridged with) is reached at <paramref name="PeerTarget"/>, and
/// <paramref name="PeerReplaces"/> names the node's dialog with it, for the INVITE that takes its place.</summary>
public sealed record ReplacedDialogFound(
    string CallId,
    string ReplacedSipCallId,
    Sip.Messages.SipUri PeerTarget,
    Sip.Messages.ReplacesHeader PeerReplaces,
    string PeerParty,
    string? PeerDisplayName);

/// <summary>The replaced dialog cannot be taken over: not a dialog of any call here (<paramref name="OnThisNode"/>
/// false: the Replaces goes to the target as it came), or one that is not confirmed, of another account, or of a call
/// busy with its own transfer.</summary>
public sealed record ReplacedDialogRefused(bool OnThisNode, string Reason);

/// <summary>Tells the call that owned <paramref name="SipCallId"/> that the transfer of call <paramref name="ByCallId"/>
/// took its place: the transferor's leg is released, and so is the other party's old leg if it does not hang up itself
/// (RFC 3891 §3) within a grace period.</summary>
public sealed record DialogReplaced(string SipCallId, string ByCallId);
