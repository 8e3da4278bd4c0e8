using CallActors.Actors.Hosting;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Serialization;
using CallActors.Persistence.Snapshots;
using CallActors.Persistence.Sqlite;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallActors.Persistence.Hosting;

/// <summary>Persistence plugins for <c>AddCallActors</c>: the stores start before any actor does.</summary>
public static class PersistenceBuilderExtensions
{
    /// <summary>Any journal and snapshot store; the event types are registered on the shared <see cref="EventSerializer"/>.</summary>
    public static CallActorsBuilder WithPersistence(
        this CallActorsBuilder builder,
        Func<IServiceProvider, (IJournal Journal, ISnapshotStore Snapshots)> createStores,
        PersistenceOptions? options = null,
        BatchingJournalWriterOptions? writerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(createStores);
        builder.Services.TryAddSingleton(sp =>
        {
            var serializer = new EventSerializer();
            foreach (var events in sp.GetServices<EventAssembly>())
            {
                serializer.RegisterAssemblies(events.Assembly);
            }

            return serializer;
        });
        return builder.WithStartupStep(async (sp, system, ct) =>
        {
            var (journal, snapshots) = createStores(sp);
            await PersistenceExtension.StartAsync(system, journal, snapshots, sp.GetRequiredService<EventSerializer>(), options, writerOptions, ct).ConfigureAwait(false);
        });
    }

    /// <summary>Registers the <c>[PersistentManifest]</c> event and snapshot types of <paramref name="assembly"/>.</summary>
    public static CallActorsBuilder WithEventsFrom(this CallActorsBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        builder.Services.AddSingleton(new EventAssembly(assembly));
        return builder;
    }

    /// <summary>The embedded default: one SQLite file (WAL) in the data folder.</summary>
    public static CallActorsBuilder WithSqlitePersistence(
        this CallActorsBuilder builder,
        SqliteJournalOptions sqlite,
        PersistenceOptions? options = null,
        BatchingJournalWriterOptions? writerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(sqlite);
        sqlite.Validate();
        // SQLite has a single writer: parallel batches would only queue for its lock (measured: one
        // lane writes ~30 % more events per second than three).
        writerOptions ??= new BatchingJournalWriterOptions { Parallelism = 1 };
        return builder.WithPersistence(_ => (new SqliteJournal(sqlite), new SqliteSnapshotStore(sqlite)), options, writerOptions);
    }
}

/// <summary>An assembly whose persistent types the shared serializer registers.</summary>
internal sealed record EventAssembly(Assembly Assembly);
