using CallActors.Actors;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Serialization;
using CallActors.Persistence.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Persistence;

/// <summary>
/// The persistence plugin of one actor system: journal, snapshot store, the batching writer they
/// share, and the serializer. Persistent actors find it with <see cref="Get"/>. Its stores are
/// flushed and closed in the storage-flush phase of coordinated shutdown, after the actors stopped.
/// </summary>
public sealed class PersistenceExtension
{
    private PersistenceExtension(ActorSystem system, IJournal journal, ISnapshotStore snapshots, EventSerializer serializer, PersistenceOptions options, BatchingJournalWriterOptions writerOptions)
    {
        Journal = journal;
        Snapshots = snapshots;
        Serializer = serializer;
        Options = options;
        var loggers = system.Options.LoggerFactory;
        Writer = new BatchingJournalWriter(journal, writerOptions, loggers.CreateLogger<BatchingJournalWriter>());
        RecoveryPermits = new SemaphoreSlim(options.MaxConcurrentRecoveries);
        Log = new PersistenceLog(loggers.CreateLogger("CallActors.Persistence"));
    }

    public IJournal Journal { get; }

    public ISnapshotStore Snapshots { get; }

    public EventSerializer Serializer { get; }

    public BatchingJournalWriter Writer { get; }

    public PersistenceOptions Options { get; }

    /// <summary>Identifies this process's writes in the journal's writer_uuid column.</summary>
    public string WriterUuid { get; } = Guid.NewGuid().ToString("N");

    internal SemaphoreSlim RecoveryPermits { get; }

    internal PersistenceLog Log { get; }

    /// <summary>Initialises the stores (creating their schema) and attaches the plugin to the system.</summary>
    public static async Task<PersistenceExtension> StartAsync(
        ActorSystem system,
        IJournal journal,
        ISnapshotStore snapshots,
        EventSerializer serializer,
        PersistenceOptions? options = null,
        BatchingJournalWriterOptions? writerOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        options ??= new PersistenceOptions();
        options.Validate();
        await journal.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await snapshots.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var persistence = new PersistenceExtension(system, journal, snapshots, serializer, options, writerOptions ?? new BatchingJournalWriterOptions());
        if (!ReferenceEquals(system.RegisterExtension(persistence), persistence))
        {
            await persistence.CloseAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{system} already has a persistence plugin");
        }

        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseStorageFlush, "flush-journal", _ => persistence.CloseAsync());
        return persistence;
    }

    public static PersistenceExtension Get(ActorSystem system) =>
        system.GetExtension<PersistenceExtension>()
        ?? throw new InvalidOperationException($"{system} has no persistence plugin: start one with PersistenceExtension.StartAsync or WithSqlitePersistence/WithPostgreSqlPersistence");

    /// <summary>Commits what is queued, then closes the stores.</summary>
    private async Task CloseAsync()
    {
        await Writer.DisposeAsync().ConfigureAwait(false);
        await Journal.DisposeAsync().ConfigureAwait(false);
        await Snapshots.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Log lines of persistent actors; each names the persistence id.</summary>
internal sealed partial class PersistenceLog(ILogger logger)
{
    public PersistenceLog()
        : this(NullLogger.Instance)
    {
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Persist of event {SequenceNr} ({EventType}) for {PersistenceId} failed; the actor stops")]
    public partial void PersistFailed(string persistenceId, long sequenceNr, string eventType, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Event {SequenceNr} ({EventType}) for {PersistenceId} was rejected and not stored")]
    public partial void PersistRejected(string persistenceId, long sequenceNr, string eventType, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Recovery of {PersistenceId} failed; the actor stops")]
    public partial void RecoveryFailed(string persistenceId, Exception exception);
}
