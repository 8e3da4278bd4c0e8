namespace CallActors.Calls.Transfers;

/// <summary>One entry of a transfer's timeline: the status it moved to, when, the target it was on then, and the SIP
/// code that moved it (18x, 200, the failure), if any.</summary>
public sealed record TransferTransition(TransferStatus Status, DateTimeOffset At, string? Target, int? SipCode);
