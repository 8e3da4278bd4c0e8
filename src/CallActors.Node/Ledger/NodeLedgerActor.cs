using CallActors.Actors;
using CallActors.Persistence;
using Microsoft.Extensions.Logging;

namespace CallActors.Node.Ledger;

/// <summary>
/// The node's own persistent record: each start, a heartbeat every interval, and each orderly stop.
/// Operators read it (<c>callactors journal events node-NAME</c>) to see when the node ran and
/// whether its last run ended cleanly; it also proves the journal end to end on every start.
/// </summary>
public sealed partial class NodeLedgerActor : PersistentActor, IWithTimers
{
    private readonly string _node;
    private readonly TimeSpan _heartbeatInterval;
    private readonly ILogger _logger;
    private int _starts;
    private bool _stoppedCleanly = true;
    private DateTimeOffset? _lastSeen;

    public NodeLedgerActor(string node, TimeSpan heartbeatInterval, ILogger logger)
    {
        _node = node;
        _heartbeatInterval = heartbeatInterval;
        _logger = logger;

        Recover<NodeStarted>(e =>
        {
            _starts = e.Start;
            _stoppedCleanly = false;
            _lastSeen = e.At;
        });
        Recover<NodeHeartbeatRecorded>(e => _lastSeen = e.At);
        Recover<NodeStopped>(e =>
        {
            _stoppedCleanly = true;
            _lastSeen = e.At;
        });
        Recover<RecoveryCompleted>(_ => RecordStart());

        Command<Heartbeat>(_ => Persist(new NodeHeartbeatRecorded(Now), e =>
        {
            _lastSeen = e.At;
            LogHeartbeat(_logger, PersistenceId, LastSequenceNr);
        }));
        Command<RecordStop>(stop => Persist(new NodeStopped(stop.Reason, Now), _ =>
        {
            Timers.CancelAll();
            Sender.Tell(LastSequenceNr, Self);
        }));
        Command<GetLedger>(_ => Sender.Tell(new LedgerSummary(_node, _starts, LastSequenceNr, _lastSeen), Self));
    }

    public override string PersistenceId => $"node-{_node}";

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    public static Props Props(string node, TimeSpan heartbeatInterval, ILogger logger) =>
        Actors.Props.Create(() => new NodeLedgerActor(node, heartbeatInterval, logger));

    /// <summary>Persists a heartbeat now (the timer sends it every interval).</summary>
    public sealed record Heartbeat
    {
        public static Heartbeat Instance { get; } = new();
    }

    /// <summary>Persists NodeStopped; replies with the last sequence number once it is stored.</summary>
    public sealed record RecordStop(string Reason);

    public sealed record GetLedger;

    public sealed record LedgerSummary(string Node, int Starts, long LastSequenceNr, DateTimeOffset? LastSeen);

    private void RecordStart()
    {
        if (_starts > 0 && !_stoppedCleanly)
        {
            LogUncleanStop(_logger, _node, _lastSeen);
        }

        Persist(new NodeStarted(_node, _starts + 1, Environment.ProcessId, Now), e =>
        {
            _starts = e.Start;
            _stoppedCleanly = false;
            LogStarted(_logger, _node, e.Start, LastSequenceNr);
            Timers.StartPeriodicTimer("heartbeat", Heartbeat.Instance, _heartbeatInterval);
        });
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Node {Node} started (start #{Start} in its ledger, journal at sequence {SequenceNr})")]
    private static partial void LogStarted(ILogger logger, string node, int start, long sequenceNr);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Node {Node}: the previous run did not stop cleanly (last seen {LastSeen:o})")]
    private static partial void LogUncleanStop(ILogger logger, string node, DateTimeOffset? lastSeen);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Ledger {PersistenceId} persisted heartbeat, sequence {SequenceNr}")]
    private static partial void LogHeartbeat(ILogger logger, string persistenceId, long sequenceNr);
}
