using CallActors.Actors;
using CallActors.Actors.Supervision;
using CallActors.Persistence.Sqlite;
using CallActors.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CallActors.Persistence.Tests.Actors;

/// <summary>How a persistent actor fails: it stops rather than go on from state it did not save, says why with its id, and loses no command silently.</summary>
public sealed class PersistentActorFailureTests : TestKit.TestKit, IClassFixture<SqliteFileFixture>
{
    private readonly SqliteFileFixture _file;
    private readonly RecordingLoggerProvider _logs;

    public PersistentActorFailureTests(SqliteFileFixture file)
        : this(file, new RecordingLoggerProvider())
    {
    }

    private PersistentActorFailureTests(SqliteFileFixture file, RecordingLoggerProvider logs)
        : base(loggerFactory: new LoggerFactory([logs]))
    {
        _file = file;
        _logs = logs;
    }

    [Fact]
    public async Task A_failed_write_stops_the_actor_logs_its_id_and_sends_the_held_commands_to_dead_letters()
    {
        var journal = await StartPersistenceAsync();
        var id = Events.NewId("list");
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var list = ActorOf(ListActor.PropsFor(id, TestActor));
        ExpectMsg<Recovered>();
        Watch(list);

        journal.WriteFailure = new IOException("disk I/O error");
        journal.Writes.Close();
        list.Tell(new Append("a"), TestActor);
        ExpectMsg("cmd a");
        AwaitCondition(() => journal.Writes.Waiting == 1, message: "the write of a waits at the gate");
        list.Tell(new Append("b"), TestActor);
        list.Tell(new Append("c"), TestActor);
        journal.Writes.Open();

        // The log shares the probe with Terminated: neither "evt a" nor "cmd b" came before it.
        ExpectTerminated(list);
        Assert.Equal(new Append("b"), deadLetters.ExpectMsg<DeadLetter>(d => d.Recipient.Equals(list)).Message);
        Assert.Equal(new Append("c"), deadLetters.ExpectMsg<DeadLetter>(d => d.Recipient.Equals(list)).Message);
        var failure = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(id, StringComparison.Ordinal));
        Assert.IsType<IOException>(failure.Exception);
        Assert.Empty(journal.Written);
    }

    [Fact]
    public async Task An_event_its_recovery_handler_cannot_apply_stops_the_actor_instead_of_restarting_it()
    {
        var id = Events.NewId("list");
        await StartPersistenceAsync();
        var writer = ActorOf(ListActor.PropsFor(id, CreateTestProbe()));
        writer.Tell(new Append("fine"), TestActor);
        writer.Tell(new Append(ListActor.PoisonedOnRecovery), TestActor);
        ExpectMsg<Acked>();
        ExpectMsg<Acked>();
        Watch(writer);
        writer.Tell(PoisonPill.Instance, TestActor);
        ExpectTerminated(writer);

        var recovering = ActorOf(ListActor.PropsFor(id, TestActor));
        Watch(recovering);

        // A restart would replay "fine" again (and again) before any Terminated.
        Assert.Equal(new Replayed("fine", 1), ExpectMsg<Replayed>());
        ExpectTerminated(recovering);
        var failure = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(id, StringComparison.Ordinal));
        Assert.Contains(ListActor.PoisonedOnRecovery, failure.Exception?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_held_behind_a_write_survive_a_restart_caused_by_its_event_handler()
    {
        var journal = await StartPersistenceAsync();
        var log = CreateTestProbe();
        var list = ActorOf(ListActor.PropsFor(Events.NewId("list"), log));
        log.ExpectMsg<Recovered>();

        journal.Writes.Close();
        list.Tell(new Append(ListActor.ThrowsInEventHandler), TestActor);
        log.ExpectMsg($"cmd {ListActor.ThrowsInEventHandler}");
        AwaitCondition(() => journal.Writes.Waiting == 1, message: "the first write waits at the gate");
        list.Tell(new Append("b"), TestActor);
        list.Tell(new Append("c"), TestActor);
        journal.Writes.Open();

        // The handler throws, the actor restarts and recovers the stored event, then handles b and c.
        Assert.Equal(new Replayed(ListActor.ThrowsInEventHandler, 1), log.ExpectMsg<Replayed>());
        log.ExpectMsg<Recovered>();
        foreach (var line in new[] { "cmd b", "evt b", "cmd c", "evt c" })
        {
            log.ExpectMsg(line);
        }

        Assert.Equal(new Acked("b", 2), ExpectMsg<Acked>());
        Assert.Equal(new Acked("c", 3), ExpectMsg<Acked>());
    }

    [Fact]
    public async Task A_write_of_the_instance_before_a_restart_is_not_taken_for_a_write_of_the_new_one()
    {
        var id = Events.NewId("list");
        var journal = await StartPersistenceAsync();
        ActorOf(
            Props.Create(() => new ParentActor(ListActor.PropsFor(id, TestActor), TestActor))
                .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Restart)));
        var list = ExpectMsg<IActorRef>();
        ExpectMsg<Recovered>();
        Watch(list);

        journal.Writes.Close();
        list.Tell(new Append("before restart"), TestActor);
        ExpectMsg("cmd before restart");
        AwaitCondition(() => journal.Writes.Waiting == 1, message: "the write waits at the gate");
        list.Tell(Kill.Instance, TestActor);
        Assert.Equal(0, ExpectMsg<Recovered>().LastSequenceNr); // the new instance; the write is not stored yet

        // The new instance's event 1 is queued behind the old instance's event 1, which wins.
        list.Tell(new Append("after restart"), TestActor);
        ExpectMsg("cmd after restart");
        journal.Writes.ReleaseOne();
        AwaitCondition(() => journal.Writes.Waiting == 1, message: "the new instance's write waits at the gate");

        // The old write's success must not run the new event's handler; the new write is rejected.
        ExpectNoMsg();
        journal.Writes.Open();
        ExpectTerminated(list);
        await using var stored = new SqliteJournal(_file.Options);
        await stored.InitializeAsync();
        var only = Assert.Single(await stored.ReplayAsync(id, 1, long.MaxValue).ToListAsync());
        Assert.Equal(new Appended("before restart"), ListActor.CreateSerializer().Deserialize(only.Manifest, only.Payload.Span));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Sys.Options.LoggerFactory.Dispose();
        }
    }

    private Task<GatedJournal> StartPersistenceAsync() =>
        GatedJournal.StartPersistenceAsync(Sys, new SqliteJournal(_file.Options), new SqliteSnapshotStore(_file.Options));

    /// <summary>Starts one child and tells <c>reportTo</c> its reference; the props give the strategy.</summary>
    private sealed class ParentActor : ReceiveActor
    {
        public ParentActor(Props child, IActorRef reportTo) => reportTo.Tell(Context.ActorOf(child, "list"), Self);
    }
}
