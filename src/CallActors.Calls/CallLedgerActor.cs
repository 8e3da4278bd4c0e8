using CallActors.Actors;
using CallActors.Persistence;
using CallActors.Persistence.Serialization;

namespace CallActors.Calls;

/// <summary>A call began on this node and is not finished yet.</summary>
[PersistentManifest("call-opened")]
public sealed record CallOpened(string CallId);

/// <summary>A call of this node finished (or was finalised after a restart).</summary>
[PersistentManifest("call-closed")]
public sealed record CallClosed(string CallId);

/// <summary>The ledger's snapshot: the calls open at that point.</summary>
[PersistentManifest("open-calls-snapshot")]
public sealed record OpenCallsSnapshot(IReadOnlyList<string> CallIds);

/// <summary>
/// The node's list of calls in progress (persistence id <c>calls-&lt;node&gt;</c>). After a crash it tells the
/// directory which calls were left open so that each is recovered and finalised. Snapshots every
/// <see cref="SnapshotEvery"/> events keep its recovery short.
/// </summary>
public sealed class CallLedgerActor : PersistentActor
{
    private const int SnapshotEvery = 1000;
    private readonly string _node;
    private readonly IActorRef _directory;
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private int _sinceSnapshot;

    public CallLedgerActor(string node, IActorRef directory)
    {
        _node = node;
        _directory = directory;
        Recover<SnapshotOffer>(offer =>
        {
            _open.Clear();
            _open.UnionWith(((OpenCallsSnapshot)offer.Snapshot).CallIds);
        });
        Recover<CallOpened>(e => _open.Add(e.CallId));
        Recover<CallClosed>(e => _open.Remove(e.CallId));
        Recover<RecoveryCompleted>(_ => _directory.Tell(new CallsLeftOpen([.. _open]), Self));

        Command<CallOpened>(e => PersistAsync(e, opened =>
        {
            _open.Add(opened.CallId);
            MaybeSnapshot();
        }));
        Command<CallClosed>(e =>
        {
            if (_open.Contains(e.CallId))
            {
                PersistAsync(e, closed =>
                {
                    _open.Remove(closed.CallId);
                    MaybeSnapshot();
                });
            }
        });
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(_ => { });
        Command<GetOpenCalls>(_ => Sender.Tell(_open.ToArray(), Self));
    }

    public override string PersistenceId => "calls-" + _node;

    public static Props Props(string node, IActorRef directory) => Actors.Props.Create(() => new CallLedgerActor(node, directory));

    private void MaybeSnapshot()
    {
        if (++_sinceSnapshot >= SnapshotEvery)
        {
            _sinceSnapshot = 0;
            SaveSnapshot(new OpenCallsSnapshot([.. _open]));
        }
    }

    /// <summary>Replies with the ids of the calls currently open (string[]).</summary>
    public sealed record GetOpenCalls
    {
        public static GetOpenCalls Instance { get; } = new();
    }
}

/// <summary>Sent by the ledger after its recovery: calls that were in progress when the node last stopped.</summary>
public sealed record CallsLeftOpen(IReadOnlyList<string> CallIds);
