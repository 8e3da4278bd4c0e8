namespace CallActors.Calls.Transfers;

/// <summary>Something that happened to a transfer and may move it on; each carries the time it happened.</summary>
public abstract record TransferInput(DateTimeOffset At);

/// <summary>The node sent the INVITE (or the REFER) to the current target.</summary>
public sealed record DialStarted(DateTimeOffset At) : TransferInput(At);

/// <summary>A provisional response from the target (180, 183…; a 100 means nothing here).</summary>
public sealed record TargetRinging(int SipCode, DateTimeOffset At) : TransferInput(At);

/// <summary>The target answered with a 2xx: a blind transfer is then bridged, an attended one waits for someone to
/// complete it.</summary>
public sealed record TargetAnswered(DateTimeOffset At) : TransferInput(At);

/// <summary>The kept party and the target are bridged and the other party released.</summary>
public sealed record TargetBridged(DateTimeOffset At) : TransferInput(At);

/// <summary>The current target failed: a final 3xx–6xx (<paramref name="SipCode"/>), no answer in time (null), or,
/// once answered, it left before the bridge. <paramref name="Reason"/>, when given, is a cause of the node's own in
/// the same lower snake_case (e.g. "target_hung_up", "voicemail") and replaces the one the code maps to.</summary>
public sealed record TargetFailed(int? SipCode, string? Reason, DateTimeOffset At) : TransferInput(At);

/// <summary>The API asked to cancel the transfer (<see cref="TransferStateMachine.CanCancel"/> says when it may).</summary>
public sealed record CancelRequested(DateTimeOffset At) : TransferInput(At);

/// <summary>The party being transferred hung up.</summary>
public sealed record KeptPartyHungUp(DateTimeOffset At) : TransferInput(At);

/// <summary>The party the kept one was talking to (the one a completed transfer releases) hung up.</summary>
public sealed record OriginalPartyHungUp(DateTimeOffset At) : TransferInput(At);

/// <summary>The node restarted while the transfer was in progress: its legs went with the old process, so it ends as
/// cancelled with the cause <see cref="TransferFailureCauses.NodeRestarted"/>.</summary>
public sealed record TransferInterrupted(DateTimeOffset At) : TransferInput(At);
