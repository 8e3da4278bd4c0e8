using CallActors.Calls.Dialogue;
using CallActors.Calls.Status;
using CallActors.Persistence.Serialization;

namespace CallActors.Calls;

/// <summary>A call began: the caller's INVITE arrived and a route was chosen (or none, for a call refused at once).</summary>
[PersistentManifest("call-started")]
public sealed record CallStarted(
    string CallId,
    string CallerCallId,
    string? CalleeCallId,
    string From,
    string To,
    string RequestUri,
    string? CallerUserAgent,
    string RemoteSignallingAddress,
    string? Route,
    string? AccountId,
    string? Target,
    string Node,
    DateTimeOffset CreatedAt)
{
    /// <summary>A click-to-call session the node originated (both legs outgoing), rather than an INVITE it received.</summary>
    public bool ClickToCall { get; init; }
}

/// <summary>SIP messages of the call crossed the wire (either leg, either direction, retransmissions included), in
/// order. Messages close together in time are recorded together (one row for a burst, not one per message).</summary>
[PersistentManifest("sip-messages-recorded")]
public sealed record SipMessagesRecorded(IReadOnlyList<DialogueChunk> Chunks);

/// <summary>The callee's side started ringing (first 18x); the status carries the PDD.</summary>
[PersistentManifest("call-ringing")]
public sealed record CallRinging(CallStatusState Status);

/// <summary>The callee answered and the caller was told (2xx relayed).</summary>
[PersistentManifest("call-answered")]
public sealed record CallAnswered(CallStatusState Status);

/// <summary>The call ended: its final status, hangup cause and source, final SIP code and times.</summary>
[PersistentManifest("call-ended")]
public sealed record CallEnded(CallStatusState Status);

/// <summary>Both legs' media figures at one instant: every sample interval while the call is answered (a timeline), and
/// once more, with <paramref name="Final"/> set, when the call ends.</summary>
[PersistentManifest("media-stats-sampled")]
public sealed record MediaStatsSampled(DateTimeOffset At, bool Final, Media.CallMediaSample Media);

/// <summary>A recording of the call started or changed (stopped, encoded, an upload attempt, stored…): its whole state.</summary>
[PersistentManifest("recording-updated")]
public sealed record RecordingUpdated(Recording.RecordingState Recording);

/// <summary>A transfer of the call was requested or moved on (dialing, ringing, answered, a target failed, completed,
/// cancelled…): its whole state.</summary>
[PersistentManifest("transfer-updated")]
public sealed record TransferUpdated(Transfers.TransferState Transfer);
