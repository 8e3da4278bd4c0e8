using CallActors.Actors;
using CallActors.Persistence.Sqlite;
using CallActors.Persistence.Tests.Infrastructure;

namespace CallActors.Persistence.Tests.Actors;

/// <summary>Persist, recovery, snapshots and deletion as a persistent actor's user sees them, on SQLite.</summary>
public sealed class PersistentActorTests(SqliteFileFixture file) : TestKit.TestKit, IClassFixture<SqliteFileFixture>
{
    [Fact]
    public async Task The_event_handler_replies_to_the_sender_of_the_command_that_persisted_it()
    {
        var journal = await StartPersistenceAsync();
        var list = StartList(Events.NewId("list"), CreateTestProbe());
        var alice = CreateTestProbe("alice");
        var bob = CreateTestProbe("bob");

        // Both commands are in before either event handler runs, so each must remember its own sender.
        journal.Writes.Close();
        alice.Send(list, new Append("from alice"));
        AwaitCondition(() => journal.Writes.Waiting == 1, message: "alice's write waits at the gate");
        bob.Send(list, new Append("from bob"));
        journal.Writes.Open();

        Assert.Equal(new Acked("from alice", 1), alice.ExpectMsg<Acked>());
        Assert.Equal(new Acked("from bob", 2), bob.ExpectMsg<Acked>());
        alice.ExpectNoMsg();
        bob.ExpectNoMsg();
    }

    [Fact]
    public async Task PersistAll_writes_the_events_in_one_atomic_write_and_runs_their_handlers_in_order()
    {
        var journal = await StartPersistenceAsync();
        var log = CreateTestProbe();
        var list = StartList(Events.NewId("list"), log);
        list.Tell(new Append("a"), TestActor);
        Assert.Equal(new Acked("a", 1), ExpectMsg<Acked>());

        list.Tell(new AppendAll(["x", "y", "z"]), TestActor);

        foreach (var line in new[] { "cmd a", "evt a", "cmd x,y,z", "evt x", "evt y", "evt z" })
        {
            log.ExpectMsg(line);
        }

        Assert.Equal(new Acked("x", 2), ExpectMsg<Acked>());
        Assert.Equal(new Acked("y", 3), ExpectMsg<Acked>());
        Assert.Equal(new Acked("z", 4), ExpectMsg<Acked>());
        list.Tell(new GetState(), TestActor);
        Assert.Equal(4, ExpectMsg<ListState>().LastSequenceNr);
        Assert.Collection(
            journal.Written,
            a => Assert.Equal([1], a.Events.Select(e => e.SequenceNr)),
            xyz => Assert.Equal([2, 3, 4], xyz.Events.Select(e => e.SequenceNr)));
    }

    [Fact]
    public async Task A_new_persistence_id_gets_RecoveryCompleted_with_sequence_number_zero()
    {
        await StartPersistenceAsync();
        StartList(Events.NewId("list"), TestActor, expectRecovered: false);

        var recovered = ExpectMsg<Recovered>();
        Assert.Empty(recovered.Values);
        Assert.Equal(0, recovered.LastSequenceNr);
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot_and_replays_only_the_events_after_it()
    {
        var id = Events.NewId("list");
        await StartPersistenceAsync();
        var log = CreateTestProbe();
        var list = StartList(id, log);
        var values = Enumerable.Range(1, 10).Select(i => $"v{i}").ToArray();
        AppendAndAwaitAcks(list, values[..5]);
        list.Tell(new TakeSnapshot(), TestActor);
        Assert.Equal(5, log.FishForMessage<SaveSnapshotSuccess>(_ => true).Metadata.SequenceNr);
        AppendAndAwaitAcks(list, values[5..]);
        await Sys.Terminate();

        using var node = await PersistenceNode.StartAsync(new SqliteJournal(file.Options), new SqliteSnapshotStore(file.Options));
        var recovered = node.ActorOf(ListActor.PropsFor(id, node.TestActor));

        var offer = node.ExpectMsg<SnapshotRecovered>();
        Assert.Equal(5, offer.SequenceNr);
        Assert.Equal(values[..5], offer.Values);
        Assert.Equal([6, 7, 8, 9, 10], Enumerable.Range(0, 5).Select(_ => node.ExpectMsg<Replayed>().SequenceNr));
        var completed = node.ExpectMsg<Recovered>();
        Assert.Equal(values, completed.Values);
        Assert.Equal(10, completed.LastSequenceNr);
        recovered.Tell(new Append("v11"), node.TestActor);
        node.ExpectMsg("cmd v11");
        node.ExpectMsg("evt v11");
        Assert.Equal(new Acked("v11", 11), node.ExpectMsg<Acked>());
    }

    [Fact]
    public async Task Commands_sent_during_recovery_wait_for_RecoveryCompleted_and_keep_their_order()
    {
        var id = Events.NewId("list");
        var journal = await StartPersistenceAsync();
        var first = StartList(id, CreateTestProbe());
        AppendAndAwaitAcks(first, ["v1", "v2", "v3"]);
        Watch(first);
        first.Tell(PoisonPill.Instance, TestActor);
        ExpectTerminated(first);

        journal.Replays.Close();
        var log = CreateTestProbe();
        var second = StartList(id, log, expectRecovered: false);
        AwaitCondition(() => journal.Replays.Waiting == 1, message: "the replay waits at the gate");
        second.Tell(new Append("d"), TestActor);
        second.Tell(new Append("e"), TestActor);
        log.ExpectNoMsg();
        journal.Replays.Open();

        Assert.Equal(new Replayed("v1", 1), log.ExpectMsg<Replayed>());
        Assert.Equal(new Replayed("v2", 2), log.ExpectMsg<Replayed>());
        Assert.Equal(new Replayed("v3", 3), log.ExpectMsg<Replayed>());
        Assert.Equal(3, log.ExpectMsg<Recovered>().LastSequenceNr);
        foreach (var line in new[] { "cmd d", "evt d", "cmd e", "evt e" })
        {
            log.ExpectMsg(line);
        }

        Assert.Equal(new Acked("d", 4), ExpectMsg<Acked>());
        Assert.Equal(new Acked("e", 5), ExpectMsg<Acked>());
    }

    [Fact]
    public async Task A_restart_recovers_the_persisted_state_and_drops_what_the_failed_instance_held_in_memory()
    {
        await StartPersistenceAsync();
        var log = CreateTestProbe();
        var list = StartList(Events.NewId("list"), log);
        AppendAndAwaitAcks(list, ["a", "b"]);
        log.ExpectMsg("cmd a");
        log.ExpectMsg("evt a");
        log.ExpectMsg("cmd b");
        log.ExpectMsg("evt b");

        list.Tell(new Crash(), TestActor);

        Assert.Equal(new Replayed("a", 1), log.ExpectMsg<Replayed>());
        Assert.Equal(new Replayed("b", 2), log.ExpectMsg<Replayed>());
        log.ExpectMsg<Recovered>();
        list.Tell(new GetState(), TestActor);
        var state = ExpectMsg<ListState>();
        Assert.Equal(["a", "b"], state.Values);
        Assert.Equal(2, state.LastSequenceNr);
    }

    [Fact]
    public async Task Deleted_events_are_not_replayed_but_sequence_numbers_continue_after_them()
    {
        var id = Events.NewId("list");
        await StartPersistenceAsync();
        var log = CreateTestProbe();
        var list = StartList(id, log);
        AppendAndAwaitAcks(list, ["v1", "v2", "v3", "v4", "v5"]);

        list.Tell(new DeleteUpTo(3), TestActor);
        Assert.Equal(new DeleteMessagesSuccess(3), log.FishForMessage<DeleteMessagesSuccess>(_ => true));
        await Sys.Terminate();

        using var node = await PersistenceNode.StartAsync(new SqliteJournal(file.Options), new SqliteSnapshotStore(file.Options));
        var recovered = node.ActorOf(ListActor.PropsFor(id, node.TestActor));
        Assert.Equal(new Replayed("v4", 4), node.ExpectMsg<Replayed>());
        Assert.Equal(new Replayed("v5", 5), node.ExpectMsg<Replayed>());
        var completed = node.ExpectMsg<Recovered>();
        Assert.Equal(["v4", "v5"], completed.Values);
        Assert.Equal(5, completed.LastSequenceNr);

        // With every event deleted nothing is replayed, and still the next event is number 6.
        recovered.Tell(new DeleteUpTo(5), node.TestActor);
        Assert.Equal(new DeleteMessagesSuccess(5), node.ExpectMsg<DeleteMessagesSuccess>());
        node.Watch(recovered);
        recovered.Tell(PoisonPill.Instance, node.TestActor);
        node.ExpectTerminated(recovered);
        var emptied = node.ActorOf(ListActor.PropsFor(id, node.TestActor));
        var nothingReplayed = node.ExpectMsg<Recovered>();
        Assert.Empty(nothingReplayed.Values);
        Assert.Equal(5, nothingReplayed.LastSequenceNr);
        emptied.Tell(new Append("v6"), node.TestActor);
        node.ExpectMsg("cmd v6");
        node.ExpectMsg("evt v6");
        Assert.Equal(new Acked("v6", 6), node.ExpectMsg<Acked>());
    }

    [Fact]
    public async Task Tagged_events_are_stored_with_their_tags_and_their_handler_runs()
    {
        var id = Events.NewId("list");
        await StartPersistenceAsync();
        var list = StartList(id, CreateTestProbe());

        list.Tell(new AppendTagged("tagged", ["calls", "region:eu"]), TestActor);
        Assert.Equal(new Acked("tagged", 1), ExpectMsg<Acked>());
        list.Tell(new Append("untagged"), TestActor);
        Assert.Equal(new Acked("untagged", 2), ExpectMsg<Acked>());

        await using var journal = new SqliteJournal(file.Options);
        await journal.InitializeAsync();
        var byTag = await journal.ReadAllAsync(0, 10_000, "region:eu").Where(e => e.PersistenceId == id).ToListAsync();
        var found = Assert.Single(byTag);
        Assert.Equal(1, found.SequenceNr);
        Assert.Equal(["calls", "region:eu"], found.Tags);
        Assert.Equal(new Appended("tagged"), ListActor.CreateSerializer().Deserialize(found.Manifest, found.Payload.Span));
    }

    /// <summary>Starts persistence on <see cref="TestKit.TestKit.Sys"/> over the class's database, its journal behind open gates.</summary>
    private Task<GatedJournal> StartPersistenceAsync() =>
        GatedJournal.StartPersistenceAsync(Sys, new SqliteJournal(file.Options), new SqliteSnapshotStore(file.Options));

    private IActorRef StartList(string id, TestKit.TestProbe log, bool expectRecovered = true)
    {
        var list = ActorOf(ListActor.PropsFor(id, log));
        if (expectRecovered)
        {
            log.ExpectMsg<Recovered>();
        }

        return list;
    }

    private void AppendAndAwaitAcks(IActorRef list, IReadOnlyList<string> values)
    {
        foreach (var value in values)
        {
            list.Tell(new Append(value), TestActor);
        }

        foreach (var value in values)
        {
            Assert.Equal(value, ExpectMsg<Acked>().Value);
        }
    }
}
