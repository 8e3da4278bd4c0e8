namespace CallActors.Media.Relay;

/// <summary>What a worker's epoll token stands for: one of a session leg's two sockets.</summary>
internal sealed record RelaySocketSlot(RelaySession Session, RelayLeg Leg, bool IsRtcp);
