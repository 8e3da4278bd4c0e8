using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence.Tests.Actors;

/// <summary>
/// Another actor system with persistence started: the node after a restart on the same database,
/// or a second node beside the test's own. It has its own probes.
/// </summary>
internal sealed class PersistenceNode : TestKit.TestKit
{
    private PersistenceNode()
    {
    }

    public static async Task<PersistenceNode> StartAsync(IJournal journal, ISnapshotStore snapshots)
    {
        var node = new PersistenceNode();
        try
        {
            await ListActor.StartPersistenceAsync(node.Sys, journal, snapshots);
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }
}
