using System.Collections.Concurrent;
using CallActors.Persistence.Journal;

namespace CallActors.Persistence.Tests.Journal;

/// <summary>
/// A journal whose writes wait at a gate the test opens, record each batch, and fail the way the
/// test says; it stores nothing.
/// </summary>
internal sealed class ScriptedJournal : IJournal
{
    private readonly ConcurrentQueue<IReadOnlyList<AtomicWrite>> _batches = new();
    private volatile TaskCompletionSource _gate = NewGate(open: true);
    private readonly TaskCompletionSource _firstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Decides each write's result; null stores it.</summary>
    public Func<AtomicWrite, Exception?> Outcome { get; set; } = _ => null;

    /// <summary>When set, a whole batch throws it (a connection failure).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<IReadOnlyList<AtomicWrite>> Batches => [.. _batches];

    public Task FirstBatchArrived => _firstBatch.Task;

    public void Close() => _gate = NewGate(open: false);

    public void Open() => _gate.TrySetResult();

    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken ct = default)
    {
        _batches.Enqueue(writes);
        _firstBatch.TrySetResult();
        await _gate.Task;
        if (Failure is { } failure)
        {
            throw failure;
        }

        return writes.Select(Outcome).ToArray();
    }

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public IAsyncEnumerable<PersistentRepresentation> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<PersistentRepresentation> ReadAllAsync(long afterOrdering, int max, string? tag = null, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<string> ReadPersistenceIdsAsync(CancellationToken ct = default) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.TrySetResult();
        }

        return gate;
    }
}
