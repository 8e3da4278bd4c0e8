using CallActors.Calls.Dialogue;
using CallActors.Calls.Routing;
using CallActors.Calls.Status;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;

namespace CallActors.Calls;

/// <summary>A new INVITE for this call: bridge it to the route's target, or refuse it with <paramref name="RefuseWith"/>
/// (the call is still recorded, with its dialogue).</summary>
public sealed record StartCall(
    SipServerTransaction Invite,
    RoutedCall? Route,
    (int StatusCode, string Reason)? RefuseWith,
    IReadOnlyList<SipTraceRecord> EarlierTraces);

/// <summary>A request arrived for the call (in-dialog request, CANCEL); a server transaction already exists.</summary>
public sealed record SipRequestArrived(SipServerTransaction Transaction);

/// <summary>An ACK for a 2xx arrived (it has no transaction of its own).</summary>
public sealed record SipAckArrived(SipInbound Ack, SipServerTransaction? Invite);

/// <summary>A response arrived for one of the call's client transactions.</summary>
public sealed record SipResponseArrived(SipClientTransaction Transaction, SipInbound Response);

/// <summary>One of the call's transactions timed out (no response, or no ACK).</summary>
public sealed record SipTransactionTimedOut(SipTransaction Transaction);

/// <summary>A message of the call crossed the wire; it becomes a dialogue chunk.</summary>
public sealed record SipMessageTraced(SipTraceRecord Record);

/// <summary>Ends the call from outside (API): BYE to both legs when answered, CANCEL/487 before. The reply is true when
/// the call was in progress and is now ending, false when it had already ended or is not on this node.</summary>
public sealed record HangUpCall(string CallId, string Reason);

/// <summary>The node restarted while this call was in progress: finalise it as failed.</summary>
public sealed record FinishAfterRestart
{
    public static FinishAfterRestart Instance { get; } = new();
}

/// <summary>Asks a call for its summary; the reply is a <see cref="CallSnapshot"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record GetCall(string CallId);

/// <summary>Asks a call for its dialogue; the reply is an IReadOnlyList&lt;DialogueChunk&gt; (or <see cref="CallNotFound"/>).</summary>
public sealed record GetDialogue(string CallId);

/// <summary>No call with this id exists in the journal.</summary>
public sealed record CallNotFound(string CallId);

/// <summary>What a call knows about itself.</summary>
public sealed record CallSnapshot(CallStarted Started, CallStatusState Status, int DialogueLength);

/// <summary>Sent by a call actor to the calls directory: route this SIP Call-ID to me too (the callee leg's).</summary>
public sealed record RegisterCallId(string SipCallId);

/// <summary>Sent by a call actor to the calls directory when the call has ended (it stops counting toward limits). With
/// <paramref name="RecordingsPending"/> the call stays in the ledger until <see cref="CallSettled"/>: a restart must
/// finish its recordings.</summary>
public sealed record CallFinished(string CallId, bool RecordingsPending = false);

/// <summary>Asked of each call at shutdown once the SIP listeners are closed: the reply (true) means every message
/// sent to the call before it has been handled, and what it recorded has been handed to the journal.</summary>
public sealed record DrainCall
{
    public static DrainCall Instance { get; } = new();
}

/// <summary>Asks a call for its insights; the reply is a <see cref="Insights.CallInsights"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record GetCallInsights(string CallId);

/// <summary>Asks a call for its inspection (every SIP message of both legs, the dialog entities and the analysis); the
/// reply is an <see cref="Inspection.CallInspection"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record GetCallInspection(string CallId, Inspection.CallInspectionOptions Options);

/// <summary>Starts recording an answered call; the reply is a <see cref="RecordingReply"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record StartRecording(string CallId, Recording.RecordingRequest Request);

/// <summary>Stops the recording in progress; the reply is a <see cref="RecordingReply"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record StopRecording(string CallId);

/// <summary>Asks a call for its recordings; the reply is a <see cref="RecordingList"/> (or <see cref="CallNotFound"/>).</summary>
public sealed record GetRecordings(string CallId);

/// <summary>A call's answer to a recording start or stop.</summary>
public abstract record RecordingReply;

/// <summary>Done: the recording as it is now (recording after a start, stopping after a stop).</summary>
public sealed record RecordingAccepted(Recording.RecordingState Recording) : RecordingReply;

/// <summary>Not done, and nothing changed: the HTTP status, Crossbar error tag and a sentence saying why.</summary>
public sealed record RecordingRefused(int StatusCode, string Error, string Message) : RecordingReply;

/// <summary>Every recording of a call, oldest first.</summary>
public sealed record RecordingList(IReadOnlyList<Recording.RecordingState> Recordings);

/// <summary>Sent by a call actor to the calls directory once the call has ended and every recording is settled (stored,
/// discarded or failed): the call can leave the node's ledger.</summary>
public sealed record CallSettled(string CallId);
