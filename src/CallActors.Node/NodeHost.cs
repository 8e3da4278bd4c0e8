using CallActors.Actors;
using CallActors.Actors.Hosting;
using CallActors.Calls;
using CallActors.Calls.Hosting;
using CallActors.Calls.Media;
using CallActors.Edge.Accounts;
using CallActors.Edge.Hosting;
using CallActors.Media.Relay;
using CallActors.Node.Admin;
using CallActors.Node.Configuration;
using CallActors.Node.Ledger;
using CallActors.Persistence;
using CallActors.Persistence.Hosting;
using CallActors.Persistence.Journal;
using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.PostgreSql.Hosting;
using CallActors.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallActors.Node;

/// <summary>Composes a node on the Generic Host from validated options: actor system, journal, node ledger.</summary>
public static partial class NodeHost
{
    public static IHost Build(IConfigurationRoot configuration, CallActorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "callactors",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // A failed start is reported once, as one line naming the cause, by Program; not as a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        var phases = CoordinatedShutdown.DefaultPhases.Select(p => p with { Timeout = options.Shutdown.PhaseTimeout }).ToList();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Shutdown.PhaseTimeout * (phases.Count + 1));

        var dataDir = Path.GetFullPath(options.DataDir);
        builder.Services.AddCallActors(node =>
        {
            node.WithOptions((_, o) => o with { Throughput = options.Actors.Throughput, ShutdownPhases = phases })
                .WithEventsFrom(typeof(NodeLedgerActor).Assembly)
                .WithEventsFrom(typeof(CallActor).Assembly)
                .WithEventsFrom(typeof(AccountsActor).Assembly);
            AddPersistence(node, options.Persistence, dataDir);
            node.WithActors((system, registry, services) =>
            {
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CallActors.Node.Ledger");
                var ledger = system.ActorOf(NodeLedgerActor.Props(options.Node.Name, options.Node.HeartbeatInterval, logger), "node-ledger");
                registry.Register<NodeLedgerActor>(ledger);
                system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "record-node-stop", _ =>
                    ledger.Ask<long>(new NodeLedgerActor.RecordStop(system.CoordinatedShutdown.Reason?.Description ?? "shutdown"), options.Shutdown.PhaseTimeout));
            });
            if (options.Sip.Enabled)
            {
                AddSip(node, options, dataDir);
            }
            var admin = new NodeAdminCommands();
            builder.Services.AddSingleton<IAdminCommands>(admin);
            if (options.Crossbar.Enabled)
            {
                AddEdge(node, options, dataDir, admin);
            }
        }, systemName: options.Node.Name);
        builder.Services.AddAdminSocket(dataDir);
        return builder.Build();
    }

    private static void AddSip(CallActorsBuilder node, CallActorsOptions options, string dataDir)
    {
        var sip = new SipCallNodeOptions(
            options.Node.Name,
            options.Sip.ToTransportOptions(),
            options.Sip.ToTimerOptions(),
            options.Sip.ToB2buaOptions(options.Media),
            options.Sip.ToRoutes())
        {
            Recording = options.Recording.ToRecordingOptions(dataDir),
        };
        node.WithStartupStep(async (services, system, cancellationToken) =>
        {
            var loggers = services.GetRequiredService<ILoggerFactory>();
            var media = StartMedia(options.Media, system, loggers);
            var calls = await SipCallNode.StartAsync(system, sip, loggers, media, cancellationToken).ConfigureAwait(false);
            services.GetRequiredService<ActorRegistry>().Register<CallsActor>(calls.Directory);
            // Stop taking SIP before the call actors stop, so nothing arrives for an actor that is gone.
            system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "sip-unbind", _ => calls.StopAsync(options.Shutdown.PhaseTimeout));
        });
    }

    /// <summary>The HTTP API, started once the calls directory exists; it stops taking requests with the SIP listeners,
    /// before the call actors stop.</summary>
    private static void AddEdge(CallActorsBuilder node, CallActorsOptions options, string dataDir, NodeAdminCommands admin)
    {
        node.WithStartupStep(async (services, system, cancellationToken) =>
        {
            var registry = services.GetRequiredService<ActorRegistry>();
            var directory = registry.TryGet<CallsActor>(out var calls) ? calls : ActorRefs.Nobody;
            var edge = await EdgeNode.StartAsync(system, options.Crossbar.ToEdgeOptions(), dataDir, directory, services.GetRequiredService<ILoggerFactory>(), cancellationToken).ConfigureAwait(false);
            admin.Edge = edge;
            system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "edge-unbind", _ => edge.DisposeAsync().AsTask());
        });
    }

    /// <summary>The relay, when media is anchored; it closes once the call actors have stopped (they release their
    /// ports as they stop).</summary>
    private static IMediaAnchor StartMedia(MediaSettings settings, ActorSystem system, ILoggerFactory loggers)
    {
        if (!settings.Relay)
        {
            return PassThroughMediaAnchor.Instance;
        }
        var relay = new MediaRelay(settings.ToRelayOptions(), loggers.CreateLogger<MediaRelay>());
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseStorageFlush, "media-relay-stop", _ =>
        {
            relay.Dispose();
            return Task.CompletedTask;
        });
        LogRelayStarted(loggers.CreateLogger("CallActors.Node.Media"), settings.BindAddress, settings.PortMin, settings.PortMax);
        return new RelayMediaAnchor(relay, settings.Advertised, settings.ToMonitorOptions(), loggers);
    }

    private static void AddPersistence(CallActorsBuilder node, PersistenceSettings settings, string dataDir)
    {
        var persistence = new PersistenceOptions { MaxConcurrentRecoveries = settings.MaxConcurrentRecoveries };
        var pluginDefaultParallelism = settings.Plugin == PersistencePlugin.PostgreSql ? 3 : 1;
        var writer = new BatchingJournalWriterOptions
        {
            MaxBatchRows = settings.Writer.BatchRows,
            Parallelism = settings.Writer.Parallelism ?? pluginDefaultParallelism,
            QueueCapacity = settings.Writer.QueueCapacity,
        };
        if (settings.Plugin == PersistencePlugin.PostgreSql)
        {
            node.WithPostgreSqlPersistence(PostgreSqlOptions(settings), persistence, writer);
        }
        else
        {
            node.WithSqlitePersistence(SqliteOptions(settings, dataDir), persistence, writer);
        }
    }

    internal static SqliteJournalOptions SqliteOptions(PersistenceSettings settings, string dataDir) => new()
    {
        Path = Path.Combine(dataDir, settings.Sqlite.File),
        Synchronous = settings.Sqlite.Synchronous,
        BusyTimeout = settings.Sqlite.BusyTimeout,
    };

    internal static PostgreSqlJournalOptions PostgreSqlOptions(PersistenceSettings settings) => new()
    {
        ConnectionString = settings.Postgresql.ConnectionString,
        Schema = settings.Postgresql.Schema,
    };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Media relay on {Address} ports {PortMin}-{PortMax}")]
    private static partial void LogRelayStarted(ILogger logger, string address, int portMin, int portMax);
}
