using System.Text;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Tests.Infrastructure;

namespace CallActors.Persistence.Tests.Snapshots;

/// <summary>The snapshot store conformance suite: every snapshot plugin runs these unchanged.</summary>
public abstract class SnapshotStoreSpec
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 17, 10, 0, 0, 123, TimeSpan.Zero);

    /// <summary>A new, not yet initialized store over the class's database.</summary>
    protected abstract ISnapshotStore CreateStore();

    [SpecFact]
    public async Task Load_returns_null_when_there_is_no_snapshot()
    {
        await using var store = await StartAsync();

        Assert.Null(await store.LoadAsync(Events.NewId(), SnapshotSelectionCriteria.Latest));
    }

    [SpecFact]
    public async Task Load_latest_returns_the_newest_snapshot_with_metadata_manifest_and_payload()
    {
        await using var store = await StartAsync();
        var id = Events.NewId();
        await SaveAsync(store, id, 10, T0);
        await SaveAsync(store, id, 30, T0.AddMinutes(2));
        await SaveAsync(store, id, 20, T0.AddMinutes(1));
        await SaveAsync(store, Events.NewId(), 40, T0.AddMinutes(3));

        var loaded = await store.LoadAsync(id, SnapshotSelectionCriteria.Latest);

        Assert.NotNull(loaded);
        Assert.Equal(new SnapshotMetadata(id, 30, T0.AddMinutes(2)), loaded.Metadata);
        Assert.Equal("call-state", loaded.Manifest);
        Assert.Equal($"{id}@30", Encoding.UTF8.GetString(loaded.Payload.Span));
    }

    [SpecFact]
    public async Task Load_honours_the_selection_criteria()
    {
        await using var store = await StartAsync();
        var id = Events.NewId();
        await SaveAsync(store, id, 10, T0);
        await SaveAsync(store, id, 20, T0.AddMinutes(1));
        await SaveAsync(store, id, 30, T0.AddMinutes(2));

        Assert.Equal(20, (await store.LoadAsync(id, new SnapshotSelectionCriteria(25, DateTimeOffset.MaxValue)))?.Metadata.SequenceNr);
        Assert.Equal(20, (await store.LoadAsync(id, new SnapshotSelectionCriteria(20, DateTimeOffset.MaxValue)))?.Metadata.SequenceNr);
        Assert.Equal(10, (await store.LoadAsync(id, new SnapshotSelectionCriteria(long.MaxValue, T0.AddSeconds(59))))?.Metadata.SequenceNr);
        Assert.Equal(
            10,
            (await store.LoadAsync(id, new SnapshotSelectionCriteria(30, DateTimeOffset.MaxValue) { MinSequenceNr = 5 } with { MaxSequenceNr = 15 }))?.Metadata.SequenceNr);
        Assert.Null(await store.LoadAsync(id, new SnapshotSelectionCriteria(9, DateTimeOffset.MaxValue)));
        Assert.Null(await store.LoadAsync(id, SnapshotSelectionCriteria.None));
    }

    [SpecFact]
    public async Task Saving_the_same_sequence_nr_again_replaces_the_snapshot()
    {
        await using var store = await StartAsync();
        var id = Events.NewId();
        await SaveAsync(store, id, 10, T0);

        await store.SaveAsync(new StoredSnapshot(new SnapshotMetadata(id, 10, T0.AddHours(1)), "call-state.v2", "new"u8.ToArray()));

        var loaded = await store.LoadAsync(id, SnapshotSelectionCriteria.Latest);
        Assert.NotNull(loaded);
        Assert.Equal(T0.AddHours(1), loaded.Metadata.Timestamp);
        Assert.Equal("call-state.v2", loaded.Manifest);
        Assert.Equal("new", Encoding.UTF8.GetString(loaded.Payload.Span));
    }

    [SpecFact]
    public async Task Delete_removes_only_the_snapshots_matching_the_criteria()
    {
        await using var store = await StartAsync();
        var (id, other) = (Events.NewId(), Events.NewId());
        await SaveAsync(store, id, 10, T0);
        await SaveAsync(store, id, 20, T0.AddMinutes(1));
        await SaveAsync(store, id, 30, T0.AddMinutes(2));
        await SaveAsync(store, other, 10, T0);

        await store.DeleteAsync(id, new SnapshotSelectionCriteria(30, DateTimeOffset.MaxValue) { MinSequenceNr = 30 });
        Assert.Equal(20, (await store.LoadAsync(id, SnapshotSelectionCriteria.Latest))?.Metadata.SequenceNr);

        await store.DeleteAsync(id, new SnapshotSelectionCriteria(15, DateTimeOffset.MaxValue));
        Assert.Null(await store.LoadAsync(id, new SnapshotSelectionCriteria(15, DateTimeOffset.MaxValue)));
        Assert.Equal(20, (await store.LoadAsync(id, SnapshotSelectionCriteria.Latest))?.Metadata.SequenceNr);

        await store.DeleteAsync(id, SnapshotSelectionCriteria.Latest);
        Assert.Null(await store.LoadAsync(id, SnapshotSelectionCriteria.Latest));
        Assert.NotNull(await store.LoadAsync(other, SnapshotSelectionCriteria.Latest));
    }

    private async Task<ISnapshotStore> StartAsync()
    {
        var store = CreateStore();
        await store.InitializeAsync();
        await store.InitializeAsync();
        return store;
    }

    private static Task SaveAsync(ISnapshotStore store, string id, long sequenceNr, DateTimeOffset timestamp) =>
        store.SaveAsync(new StoredSnapshot(
            new SnapshotMetadata(id, sequenceNr, timestamp),
            "call-state",
            Encoding.UTF8.GetBytes($"{id}@{sequenceNr}")));
}
