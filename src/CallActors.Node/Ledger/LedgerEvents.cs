using CallActors.Persistence.Serialization;

namespace CallActors.Node.Ledger;

/// <summary>The node started (the n-th start recorded in its ledger).</summary>
[PersistentManifest("node-started")]
public sealed record NodeStarted(string Node, int Start, int ProcessId, DateTimeOffset At);

/// <summary>The node was alive at this time.</summary>
[PersistentManifest("node-heartbeat-recorded")]
public sealed record NodeHeartbeatRecorded(DateTimeOffset At);

/// <summary>The node shut down in order (no such event before a start means the previous run was killed).</summary>
[PersistentManifest("node-stopped")]
public sealed record NodeStopped(string Reason, DateTimeOffset At);
