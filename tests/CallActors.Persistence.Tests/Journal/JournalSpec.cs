using CallActors.Persistence.Journal;
using CallActors.Persistence.Tests.Infrastructure;
using static CallActors.Persistence.Tests.Infrastructure.Events;

namespace CallActors.Persistence.Tests.Journal;

/// <summary>
/// The journal conformance suite (after Akka's JournalSpec TCK): every journal plugin runs these
/// unchanged. A concrete class supplies journals over one database of its own; tests in a class
/// run one after another and use fresh persistence ids.
/// </summary>
public abstract class JournalSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A new, not yet initialized journal over the class's database.</summary>
    protected abstract IJournal CreateJournal(int pageSize = 1000);

    [SpecFact]
    public async Task Replay_returns_written_events_in_sequence_order()
    {
        await using var journal = await StartAsync();
        var id = NewId();

        await WriteAllAsync(journal, Write(id, 1, 3), Write(id, 4, 4), Write(id, 5, 6));

        var replayed = await ReplayAsync(journal, id);
        Assert.Equal([1, 2, 3, 4, 5, 6], replayed.Select(e => e.SequenceNr));
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"{id}#{n}"), replayed.Select(Text));
    }

    [SpecFact]
    public async Task Replay_honours_range_and_max()
    {
        await using var journal = await StartAsync();
        var id = NewId();
        await WriteAllAsync(journal, Write(id, 1, 10));

        Assert.Equal([3, 4, 5, 6, 7], (await ReplayAsync(journal, id, 3, 7)).Select(e => e.SequenceNr));
        Assert.Equal([3, 4], (await ReplayAsync(journal, id, 3, 7, max: 2)).Select(e => e.SequenceNr));
        Assert.Empty(await ReplayAsync(journal, id, 3, 7, max: 0));
        Assert.Empty(await ReplayAsync(journal, id, 11, long.MaxValue));
        Assert.Empty(await ReplayAsync(journal, id, 7, 3));
        Assert.Empty(await ReplayAsync(journal, NewId()));
    }

    [SpecFact]
    public async Task Replay_pages_through_more_events_than_one_round_trip_carries()
    {
        await using var journal = await StartAsync(pageSize: 3);
        var id = NewId();
        await WriteAllAsync(journal, Write(id, 1, 10));

        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), (await ReplayAsync(journal, id)).Select(e => e.SequenceNr));
        Assert.Equal(Enumerable.Range(2, 7).Select(n => (long)n), (await ReplayAsync(journal, id, 2, 9, max: 7)).Select(e => e.SequenceNr));
    }

    [SpecFact]
    public async Task Payload_manifest_writer_uuid_timestamp_and_tags_round_trip()
    {
        await using var journal = await StartAsync();
        var id = NewId();
        var everyByte = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var written = new PersistentRepresentation(
            id, 1, "call-started.v2", everyByte, "writer-7b1e", new DateTimeOffset(2031, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)), ["region:eu", "call"]);
        var empty = new PersistentRepresentation(id, 2, string.Empty, Array.Empty<byte>(), "writer-7b1e", Timestamp, []);

        await WriteAllAsync(journal, new AtomicWrite([written, empty]));

        var replayed = await ReplayAsync(journal, id);
        Assert.Equal(2, replayed.Count);
        var first = replayed[0];
        Assert.Equal(id, first.PersistenceId);
        Assert.Equal("call-started.v2", first.Manifest);
        Assert.Equal(everyByte, first.Payload.ToArray());
        Assert.Equal("writer-7b1e", first.WriterUuid);
        Assert.Equal(written.Timestamp, first.Timestamp);
        Assert.Equal(["region:eu", "call"], first.Tags);
        Assert.True(first.Ordering > 0);
        Assert.Empty(replayed[1].Payload.ToArray());
        Assert.Equal(string.Empty, replayed[1].Manifest);
        Assert.Empty(replayed[1].Tags);
        Assert.True(replayed[1].Ordering > first.Ordering);
    }

    [SpecFact]
    public async Task Highest_sequence_nr_is_zero_for_an_unknown_id_and_honours_from()
    {
        await using var journal = await StartAsync();
        var id = NewId();

        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync(id));
        await WriteAllAsync(journal, Write(id, 1, 5));

        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync(id));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync(id, 3));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync(id, 6));
    }

    [SpecFact]
    public async Task Delete_to_hides_events_but_never_lowers_the_highest_sequence_nr()
    {
        await using var journal = await StartAsync();
        var id = NewId();
        await WriteAllAsync(journal, Write(id, 1, 5, "deleted-test"));
        var before = await ReplayAsync(journal, id);

        await journal.DeleteMessagesToAsync(id, 3);
        Assert.Equal([4, 5], (await ReplayAsync(journal, id)).Select(e => e.SequenceNr));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync(id));

        await journal.DeleteMessagesToAsync(id, 5);
        Assert.Empty(await ReplayAsync(journal, id));
        Assert.Equal(5, await journal.ReadHighestSequenceNrAsync(id));
        Assert.Empty(await ReadAllAsync(journal, before[0].Ordering - 1, int.MaxValue, "deleted-test"));

        // The number stays taken: reusing it is a conflict, the next one is fine.
        var results = await journal.WriteAsync([Write(id, 5, 5), Write(id, 6, 6)]);
        Assert.IsType<JournalConcurrencyException>(results[0]);
        Assert.Null(results[1]);
        Assert.Equal([6], (await ReplayAsync(journal, id)).Select(e => e.SequenceNr));
    }

    [SpecFact]
    public async Task Duplicate_sequence_nr_is_rejected_while_the_other_writes_of_the_batch_are_stored()
    {
        await using var journal = await StartAsync();
        var (a, b, c) = (NewId(), NewId(), NewId());
        await WriteAllAsync(journal, Write(a, 1, 2));

        var results = await journal.WriteAsync([Write(b, 1, 1), Write(a, 2, 3), Write(c, 1, 2)]);

        Assert.Null(results[0]);
        var conflict = Assert.IsType<JournalConcurrencyException>(results[1]);
        Assert.Contains(a, conflict.Message, StringComparison.Ordinal);
        Assert.Contains("2", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(a, conflict.PersistenceId);
        Assert.Equal(2, conflict.SequenceNr);
        Assert.Null(results[2]);
        Assert.Equal([$"{a}#1", $"{a}#2"], (await ReplayAsync(journal, a)).Select(Text));
        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync(a));
        Assert.Single(await ReplayAsync(journal, b));
        Assert.Equal(2, (await ReplayAsync(journal, c)).Count);
    }

    [SpecFact]
    public async Task Two_writes_of_the_same_sequence_nr_in_one_batch_store_only_the_first()
    {
        await using var journal = await StartAsync();
        var id = NewId();
        var second = new AtomicWrite(Event(id, 1) with { Manifest = "second" });

        var results = await journal.WriteAsync([Write(id, 1, 1), second]);

        Assert.Null(results[0]);
        Assert.IsType<JournalConcurrencyException>(results[1]);
        Assert.Equal("call-event", Assert.Single(await ReplayAsync(journal, id)).Manifest);
    }

    [SpecFact]
    public async Task An_atomic_write_is_stored_all_or_nothing()
    {
        await using var journal = await StartAsync();
        var id = NewId();
        await WriteAllAsync(journal, Write(id, 1, 3));

        var results = await journal.WriteAsync([Write(id, 3, 6)]);

        Assert.IsType<JournalConcurrencyException>(results[0]);
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync(id));
        Assert.Equal([1, 2, 3], (await ReplayAsync(journal, id)).Select(e => e.SequenceNr));
    }

    [SpecFact]
    public async Task An_invalid_write_is_rejected_without_failing_its_batch()
    {
        await using var journal = await StartAsync();
        var (good, bad) = (NewId(), NewId());

        var results = await journal.WriteAsync([Write(bad, 1, 1, "a;b"), Write(good, 1, 1), Write(new string('x', 256), 1, 1)]);

        Assert.Contains("a;b", Assert.IsType<ArgumentException>(results[0]).Message, StringComparison.Ordinal);
        Assert.Null(results[1]);
        Assert.IsType<ArgumentException>(results[2]);
        Assert.Empty(await ReplayAsync(journal, bad));
        Assert.Single(await ReplayAsync(journal, good));
    }

    [SpecFact]
    public async Task Read_all_returns_events_of_every_id_in_global_order_after_an_offset()
    {
        await using var journal = await StartAsync(pageSize: 2);
        var start = await MarkAsync(journal);
        var (a, b) = (NewId(), NewId());
        await WriteAllAsync(journal, Write(a, 1, 2), Write(b, 1, 1));
        await WriteAllAsync(journal, Write(b, 2, 3));
        await WriteAllAsync(journal, Write(a, 3, 3));

        var all = await ReadAllAsync(journal, start, int.MaxValue);

        Assert.Equal(
            [$"{a}#1", $"{a}#2", $"{b}#1", $"{b}#2", $"{b}#3", $"{a}#3"],
            all.Select(Text));
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Ordering < pair.Second.Ordering));
        Assert.Equal(all.Skip(2).Take(3).Select(Text), (await ReadAllAsync(journal, all[1].Ordering, 3)).Select(Text));
        Assert.Empty(await ReadAllAsync(journal, start, 0));
    }

    [SpecFact]
    public async Task Read_all_by_tag_matches_whole_tags_exactly()
    {
        await using var journal = await StartAsync(pageSize: 2);
        var start = await MarkAsync(journal);
        var id = NewId();
        await WriteAllAsync(
            journal,
            new AtomicWrite(
            [
                Event(id, 1, "call"),
                Event(id, 2, "call-leg"),
                Event(id, 3, "Call"),
                Event(id, 4, "ca"),
                Event(id, 5, "x", "call", "y"),
                Event(id, 6),
                Event(id, 7, "50%_off"),
                Event(id, 8, "call"),
            ]));

        Assert.Equal([1, 5, 8], (await ReadAllAsync(journal, start, int.MaxValue, "call")).Select(e => e.SequenceNr));
        Assert.Equal([1, 5], (await ReadAllAsync(journal, start, 2, "call")).Select(e => e.SequenceNr));
        Assert.Equal([3], (await ReadAllAsync(journal, start, int.MaxValue, "Call")).Select(e => e.SequenceNr));
        Assert.Equal([7], (await ReadAllAsync(journal, start, int.MaxValue, "50%_off")).Select(e => e.SequenceNr));
        Assert.Empty(await ReadAllAsync(journal, start, int.MaxValue, "50"));
        Assert.Empty(await ReadAllAsync(journal, start, int.MaxValue, "leg"));
    }

    [SpecFact]
    public async Task Persistence_ids_lists_every_id_once_including_fully_deleted_ones()
    {
        await using var journal = await StartAsync(pageSize: 2);
        var ids = Enumerable.Range(0, 5).Select(i => NewId($"ids{i}")).ToArray();
        foreach (var id in ids)
        {
            await WriteAllAsync(journal, Write(id, 1, 3));
        }

        await journal.DeleteMessagesToAsync(ids[0], 3);

        var listed = new List<string>();
        await foreach (var id in journal.ReadPersistenceIdsAsync())
        {
            listed.Add(id);
        }

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Subset(listed.ToHashSet(), ids.ToHashSet());
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
    }

    [SpecFact]
    public async Task Initialize_is_idempotent_and_keeps_the_data()
    {
        var id = NewId();
        await using (var journal = await StartAsync())
        {
            await WriteAllAsync(journal, Write(id, 1, 2));
            await journal.InitializeAsync();
        }

        await using var again = await StartAsync();
        Assert.Equal(2, await again.ReadHighestSequenceNrAsync(id));
    }

    [SpecFact]
    public async Task Batching_writer_lands_concurrent_writes_of_200_ids_exactly_once()
    {
        await using var journal = await StartAsync();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions());
        var ids = Enumerable.Range(0, 200).Select(i => NewId($"w{i}")).ToArray();

        // Like actors: each id has one write in flight, all ids at once; some persist three events at once.
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var seq = 1; seq <= 50;)
            {
                var last = seq % 7 == 0 ? Math.Min(seq + 2, 50) : seq;
                await writer.WriteAsync(Write(id, seq, last));
                seq = last + 1;
            }
        })).WaitAsync(Patience);

        foreach (var id in ids)
        {
            var replayed = await ReplayAsync(journal, id);
            Assert.Equal(Enumerable.Range(1, 50).Select(n => $"{id}#{n}"), replayed.Select(Text));
            Assert.Equal(50, await journal.ReadHighestSequenceNrAsync(id));
        }
    }

    [SpecFact]
    public async Task Batching_writer_commits_queued_writes_of_one_id_in_order()
    {
        await using var journal = await StartAsync();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { MaxBatchRows = 7 });
        var id = NewId();

        await Task.WhenAll(Enumerable.Range(1, 300).Select(n => writer.WriteAsync(Write(id, n, n)))).WaitAsync(Patience);

        var replayed = await ReplayAsync(journal, id);
        Assert.Equal(300, replayed.Count);
        Assert.True(
            replayed.Zip(replayed.Skip(1)).All(pair => pair.First.Ordering < pair.Second.Ordering),
            "a later sequence number was committed before an earlier one");
    }

    [SpecFact]
    public async Task Batching_writer_fails_a_duplicate_with_a_concurrency_exception_and_stores_the_rest()
    {
        await using var journal = await StartAsync();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions());
        var (a, b) = (NewId(), NewId());
        await writer.WriteAsync(Write(a, 1, 1));

        var duplicate = writer.WriteAsync(Write(a, 1, 2));
        var other = writer.WriteAsync(Write(b, 1, 1));

        var conflict = await Assert.ThrowsAsync<JournalConcurrencyException>(() => duplicate.WaitAsync(Patience));
        Assert.Equal(a, conflict.PersistenceId);
        await other.WaitAsync(Patience);
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync(a));
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync(b));
    }

    [SpecFact]
    public async Task Batching_writer_flush_completes_after_everything_queued_before_it_is_committed()
    {
        await using var journal = await StartAsync();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions());
        var ids = Enumerable.Range(0, 50).Select(i => NewId($"f{i}")).ToArray();
        var writes = ids.SelectMany(id => Enumerable.Range(1, 10).Select(n => writer.WriteAsync(Write(id, n, n)))).ToArray();

        await writer.FlushAsync().WaitAsync(Patience);

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        foreach (var id in ids)
        {
            Assert.Equal(10, await journal.ReadHighestSequenceNrAsync(id));
        }
    }

    [SpecFact]
    public async Task Batching_writer_dispose_commits_what_was_queued()
    {
        await using var journal = await StartAsync();
        var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions());
        var id = NewId();
        var writes = Enumerable.Range(1, 500).Select(n => writer.WriteAsync(Write(id, n, n))).ToArray();

        await writer.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        Assert.Equal(500, await journal.ReadHighestSequenceNrAsync(id));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(Write(id, 501, 501)));
    }

    private async Task<IJournal> StartAsync(int pageSize = 1000)
    {
        var journal = CreateJournal(pageSize);
        await journal.InitializeAsync();
        return journal;
    }

    private static async Task WriteAllAsync(IJournal journal, params AtomicWrite[] writes)
    {
        var results = await journal.WriteAsync(writes);
        Assert.All(results, Assert.Null);
    }

    /// <summary>Writes one event of a fresh id and returns its ordering: later writes come after it.</summary>
    private static async Task<long> MarkAsync(IJournal journal)
    {
        var id = NewId("mark");
        await WriteAllAsync(journal, Write(id, 1, 1));
        return Assert.Single(await ReplayAsync(journal, id)).Ordering;
    }

    private static async Task<List<PersistentRepresentation>> ReplayAsync(
        IJournal journal,
        string id,
        long from = 1,
        long to = long.MaxValue,
        long max = long.MaxValue)
    {
        var events = new List<PersistentRepresentation>();
        await foreach (var e in journal.ReplayAsync(id, from, to, max))
        {
            events.Add(e);
        }

        return events;
    }

    private static async Task<List<PersistentRepresentation>> ReadAllAsync(IJournal journal, long after, int max, string? tag = null)
    {
        var events = new List<PersistentRepresentation>();
        await foreach (var e in journal.ReadAllAsync(after, max, tag))
        {
            events.Add(e);
        }

        return events;
    }
}
