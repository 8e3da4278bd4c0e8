using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Tests.Infrastructure;

namespace CallActors.Persistence.Tests.Actors;

/// <summary>
/// What a persistent actor guarantees whatever the store: commands wait for the write before them,
/// a new node recovers the same state, and the journal's unique key fences a second writer. A
/// concrete class supplies stores over one database of its own; every test uses a fresh id.
/// </summary>
public abstract class PersistentActorSpec : TestKit.TestKit
{
    /// <summary>A new, not yet initialized journal over the class's database.</summary>
    protected abstract IJournal CreateJournal();

    /// <summary>A new, not yet initialized snapshot store over the class's database.</summary>
    protected abstract ISnapshotStore CreateSnapshotStore();

    [SpecFact]
    public async Task Commands_arriving_during_a_persist_are_handled_after_its_event_handler_in_order()
    {
        var journal = await GatedJournal.StartPersistenceAsync(Sys, CreateJournal(), CreateSnapshotStore());
        var log = CreateTestProbe();
        var list = ActorOf(ListActor.PropsFor(Events.NewId("list"), log));
        log.ExpectMsg<Recovered>();

        journal.Writes.Close();
        list.Tell(new Append("a"), TestActor);
        log.ExpectMsg("cmd a");
        AwaitCondition(() => journal.Writes.Waiting == 1, message: "the write of a waits at the gate");
        list.Tell(new Append("b"), TestActor);
        list.Tell(new Append("c"), TestActor);

        // b arrived while a's write is pending: it must not be handled yet.
        log.ExpectNoMsg();
        journal.Writes.Open();

        foreach (var line in new[] { "evt a", "cmd b", "evt b", "cmd c", "evt c" })
        {
            log.ExpectMsg(line);
        }

        Assert.Equal(new Acked("a", 1), ExpectMsg<Acked>());
        Assert.Equal(new Acked("b", 2), ExpectMsg<Acked>());
        Assert.Equal(new Acked("c", 3), ExpectMsg<Acked>());
        Assert.Equal([1, 2, 3], journal.Written.Select(w => w.LowestSequenceNr));
    }

    [SpecFact]
    public async Task PersistAsync_lets_commands_through_while_its_write_is_in_flight_and_runs_handlers_in_order()
    {
        var journal = await GatedJournal.StartPersistenceAsync(Sys, CreateJournal(), CreateSnapshotStore());
        var log = CreateTestProbe();
        var list = ActorOf(ListActor.PropsFor(Events.NewId("list"), log));
        log.ExpectMsg<Recovered>();

        journal.Writes.Close();
        list.Tell(new AppendAsync("a"), TestActor);
        list.Tell(new AppendAsync("b"), TestActor);
        list.Tell(new Append("c"), TestActor);
        list.Tell(new AppendAsync("d"), TestActor);

        // a and b do not hold commands back, so c is handled while their writes wait; c's Persist does hold d.
        log.ExpectMsg("cmd a");
        log.ExpectMsg("cmd b");
        log.ExpectMsg("cmd c");
        log.ExpectNoMsg();
        journal.Writes.Open();

        foreach (var line in new[] { "evt a", "evt b", "evt c", "cmd d", "evt d" })
        {
            log.ExpectMsg(line);
        }

        Assert.Equal(new Acked("a", 1), ExpectMsg<Acked>());
        Assert.Equal(new Acked("b", 2), ExpectMsg<Acked>());
        Assert.Equal(new Acked("c", 3), ExpectMsg<Acked>());
        Assert.Equal(new Acked("d", 4), ExpectMsg<Acked>());
    }

    [SpecFact]
    public async Task A_new_actor_system_on_the_same_database_recovers_the_same_state()
    {
        const int count = 25;
        var id = Events.NewId("list");
        await ListActor.StartPersistenceAsync(Sys, CreateJournal(), CreateSnapshotStore());
        var log = CreateTestProbe();
        var list = ActorOf(ListActor.PropsFor(id, log));
        log.ExpectMsg<Recovered>();
        var values = Enumerable.Range(1, count).Select(i => $"v{i}").ToArray();
        foreach (var value in values)
        {
            list.Tell(new Append(value), TestActor);
        }

        foreach (var value in values)
        {
            ExpectMsg<Acked>();
        }

        list.Tell(new GetState(), TestActor);
        var before = ExpectMsg<ListState>();
        Assert.Equal(values, before.Values);
        Assert.Equal(count, before.LastSequenceNr);
        await Sys.Terminate();

        using var node = await PersistenceNode.StartAsync(CreateJournal(), CreateSnapshotStore());
        var recovered = node.ActorOf(ListActor.PropsFor(id, node.TestActor));

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(new Replayed(values[i], i + 1), node.ExpectMsg<Replayed>());
        }

        var completed = node.ExpectMsg<Recovered>();
        Assert.Equal(values, completed.Values);
        Assert.Equal(count, completed.LastSequenceNr);

        // RecoveryCompleted came once, and nothing of recovery after it.
        node.ExpectNoMsg();
        recovered.Tell(new GetState(), node.TestActor);
        var after = node.ExpectMsg<ListState>();
        Assert.Equal(before.Values, after.Values);
        Assert.Equal(before.LastSequenceNr, after.LastSequenceNr);
    }

    [SpecFact]
    public async Task A_second_writer_of_the_same_id_is_rejected_and_stops_without_applying_its_event()
    {
        var id = Events.NewId("list");
        var persistence = await ListActor.StartPersistenceAsync(Sys, CreateJournal(), CreateSnapshotStore());
        using var other = await PersistenceNode.StartAsync(CreateJournal(), CreateSnapshotStore());
        var first = ActorOf(ListActor.PropsFor(id, TestActor));
        var second = other.ActorOf(ListActor.PropsFor(id, other.TestActor));
        Assert.Equal(0, ExpectMsg<Recovered>().LastSequenceNr);
        Assert.Equal(0, other.ExpectMsg<Recovered>().LastSequenceNr);

        first.Tell(new Append("first"), TestActor);
        ExpectMsg("cmd first");
        ExpectMsg("evt first");
        Assert.Equal(new Acked("first", 1), ExpectMsg<Acked>());

        other.Watch(second);
        second.Tell(new Append("second"), other.TestActor);
        other.ExpectMsg("cmd second");

        // The log, the reply and Terminated share one probe: "evt second" or an Acked would come first.
        other.ExpectTerminated(second);

        await using var journal = CreateJournal();
        await journal.InitializeAsync();
        var stored = await journal.ReplayAsync(id, 1, long.MaxValue).ToListAsync();
        var only = Assert.Single(stored);
        Assert.Equal(1, only.SequenceNr);
        Assert.Equal(persistence.WriterUuid, only.WriterUuid);
        Assert.Equal(new Appended("first"), ListActor.CreateSerializer().Deserialize(only.Manifest, only.Payload.Span));
    }
}
