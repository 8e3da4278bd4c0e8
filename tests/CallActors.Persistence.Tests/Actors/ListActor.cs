using CallActors.Actors;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Serialization;
using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence.Tests.Actors;

// Commands.
internal sealed record Append(string Value);

internal sealed record AppendAll(IReadOnlyList<string> Values);

/// <summary>Appends with PersistAsync: later commands are not held back while the write is in flight.</summary>
internal sealed record AppendAsync(string Value);

internal sealed record AppendTagged(string Value, IReadOnlyList<string> Tags);

internal sealed record GetState;

internal sealed record TakeSnapshot;

internal sealed record DeleteUpTo(long ToSequenceNr);

internal sealed record Crash;

// The one event and the snapshot, as stored.
internal sealed record Appended(string Value);

internal sealed record ListSnapshot(IReadOnlyList<string> Values);

// Replies to the sender, and reports to the log.
internal sealed record Acked(string Value, long SequenceNr);

internal sealed record ListState(IReadOnlyList<string> Values, long LastSequenceNr);

internal sealed record Replayed(string Value, long SequenceNr);

internal sealed record SnapshotRecovered(IReadOnlyList<string> Values, long SequenceNr);

internal sealed record Recovered(IReadOnlyList<string> Values, long LastSequenceNr);

/// <summary>
/// A persistent list of strings that tells <c>log</c> what it does, in order: "cmd x" when a command
/// is handled, "evt x" when an event handler runs, and each recovery step. Event handlers reply
/// <see cref="Acked"/> to the command's sender.
/// </summary>
internal sealed class ListActor : PersistentActor
{
    /// <summary>Stored normally, but its recovery handler throws.</summary>
    public const string PoisonedOnRecovery = "poisoned-on-recovery";

    /// <summary>Stored normally, but its event handler throws after the write.</summary>
    public const string ThrowsInEventHandler = "throws-in-event-handler";

    private readonly List<string> _values = [];
    private readonly IActorRef _log;

    public ListActor(string persistenceId, IActorRef log)
    {
        PersistenceId = persistenceId;
        _log = log;

        Recover<SnapshotOffer>(offer =>
        {
            _values.AddRange(((ListSnapshot)offer.Snapshot).Values);
            _log.Tell(new SnapshotRecovered([.. _values], offer.Metadata.SequenceNr), Self);
        });
        Recover<Appended>(e =>
        {
            if (e.Value == PoisonedOnRecovery)
            {
                throw new InvalidOperationException($"cannot apply {e.Value}");
            }

            _values.Add(e.Value);
            _log.Tell(new Replayed(e.Value, LastSequenceNr), Self);
        });
        Recover<RecoveryCompleted>(_ => _log.Tell(new Recovered([.. _values], LastSequenceNr), Self));

        Command<AppendAsync>(c =>
        {
            _log.Tell($"cmd {c.Value}", Self);
            PersistAsync(new Appended(c.Value), Apply);
        });
        Command<Append>(c =>
        {
            _log.Tell($"cmd {c.Value}", Self);
            Persist(new Appended(c.Value), Apply);
        });
        Command<AppendAll>(c =>
        {
            _log.Tell($"cmd {string.Join(",", c.Values)}", Self);
            PersistAll(c.Values.Select(v => new Appended(v)), Apply);
        });
        Command<AppendTagged>(c =>
        {
            _log.Tell($"cmd {c.Value}", Self);
            Persist(new Tagged(new Appended(c.Value), c.Tags), t => Apply((Appended)t.Payload));
        });
        Command<GetState>(_ => Sender.Tell(new ListState([.. _values], LastSequenceNr), Self));
        Command<TakeSnapshot>(_ => SaveSnapshot(new ListSnapshot([.. _values])));
        Command<SaveSnapshotSuccess>(s => _log.Tell(s, Self));
        Command<DeleteUpTo>(d => DeleteMessages(d.ToSequenceNr));
        Command<DeleteMessagesSuccess>(s => _log.Tell(s, Self));
        Command<Crash>(_ =>
        {
            _values.Add("junk that was never persisted");
            throw new InvalidOperationException("crash");
        });
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string persistenceId, IActorRef log) =>
        Props.Create(() => new ListActor(persistenceId, log));

    /// <summary>A serializer that knows the list's event and snapshot.</summary>
    public static EventSerializer CreateSerializer() =>
        new EventSerializer()
            .Register<Appended>("list-appended")
            .Register<ListSnapshot>("list-snapshot");

    public static Task<PersistenceExtension> StartPersistenceAsync(ActorSystem system, IJournal journal, ISnapshotStore snapshots) =>
        PersistenceExtension.StartAsync(system, journal, snapshots, CreateSerializer());

    private void Apply(Appended e)
    {
        if (e.Value == ThrowsInEventHandler)
        {
            throw new InvalidOperationException($"cannot apply {e.Value}");
        }

        _values.Add(e.Value);
        _log.Tell($"evt {e.Value}", Self);
        Sender.Tell(new Acked(e.Value, LastSequenceNr), Self);
    }
}
