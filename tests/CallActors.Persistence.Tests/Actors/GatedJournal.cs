using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CallActors.Actors;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence.Tests.Actors;

/// <summary>
/// A real journal with gates in front of its writes and replays, so a test can hold a write or a
/// recovery pending while it sends commands; it records the atomic writes and can fail them.
/// </summary>
internal sealed class GatedJournal(IJournal inner) : IJournal
{
    private readonly ConcurrentQueue<AtomicWrite> _written = new();

    public Gate Writes { get; } = new();

    public Gate Replays { get; } = new();

    /// <summary>When set, a batch that passes the write gate throws it (outcome unknown) and stores nothing.</summary>
    public Exception? WriteFailure { get; set; }

    /// <summary>Every atomic write that passed the gate, in order.</summary>
    public IReadOnlyList<AtomicWrite> Written => [.. _written];

    public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken ct = default)
    {
        await Writes.PassAsync();
        if (WriteFailure is { } failure)
        {
            throw failure;
        }

        foreach (var write in writes)
        {
            _written.Enqueue(write);
        }

        return await inner.WriteAsync(writes, ct);
    }

    public async IAsyncEnumerable<PersistentRepresentation> ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Replays.PassAsync();
        await foreach (var stored in inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, ct).WithCancellation(ct))
        {
            yield return stored;
        }
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken ct = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, ct);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default) =>
        inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, ct);

    public IAsyncEnumerable<PersistentRepresentation> ReadAllAsync(long afterOrdering, int max, string? tag = null, CancellationToken ct = default) =>
        inner.ReadAllAsync(afterOrdering, max, tag, ct);

    public IAsyncEnumerable<string> ReadPersistenceIdsAsync(CancellationToken ct = default) =>
        inner.ReadPersistenceIdsAsync(ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Starts persistence on <paramref name="system"/> over a gated <paramref name="inner"/>, gates open.</summary>
    public static async Task<GatedJournal> StartPersistenceAsync(ActorSystem system, IJournal inner, ISnapshotStore snapshots)
    {
        var journal = new GatedJournal(inner);
        await ListActor.StartPersistenceAsync(system, journal, snapshots);

        // A test that failed with a gate closed must not hang the shutdown's journal flush on it.
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "open-journal-gates", _ =>
        {
            journal.Writes.Open();
            journal.Replays.Open();
            return Task.CompletedTask;
        });
        return journal;
    }
}
