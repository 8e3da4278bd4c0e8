namespace CallActors.Media.Relay;

/// <summary>Node-wide relay counters, for metrics: every leg's counters summed over every session since the relay
/// started, and the sessions open now.</summary>
public sealed record RelayTotals(RelayLegCounters Packets, int OpenSessions);
