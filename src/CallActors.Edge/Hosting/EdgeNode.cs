using System.Net;
using System.Reflection;
using CallActors.Actors;
using CallActors.Calls.ReadModel;
using CallActors.Edge.Accounts;
using CallActors.Edge.Crossbar;
using CallActors.Edge.Metrics;
using CallActors.Edge.Modules;
using CallActors.Edge.OpenApi;
using CallActors.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallActors.Edge.Hosting;

/// <summary>
/// The HTTP edge of a node, composed in the order it depends on things: the accounts actor (recovered before the first
/// request), the calls read model (caught up with the journal, then kept up by a background projection), the token key,
/// the module registry with the autoloaded modules, and Kestrel. Besides <c>/v2/…</c> it answers <c>/healthz</c>,
/// <c>/metrics</c> (Prometheus) and <c>/v2/openapi.json</c>.
/// </summary>
public sealed partial class EdgeNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _projection;
    private readonly PrometheusMetrics _metrics;
    private readonly ILogger _logger;
    private int _disposed;

    private EdgeNode(WebApplication app, EdgeServices services, CrossbarMaintenance maintenance, CancellationTokenSource stopping, Task projection, PrometheusMetrics metrics, ILogger logger)
    {
        _app = app;
        Services = services;
        Maintenance = maintenance;
        _stopping = stopping;
        _projection = projection;
        _metrics = metrics;
        _logger = logger;
    }

    public EdgeServices Services { get; }

    /// <summary>What <c>callactors sup crossbar_maintenance …</c> runs.</summary>
    public CrossbarMaintenance Maintenance { get; }

    /// <summary>The address Kestrel listens on (the real port when the options asked for 0).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The modules this build of the node knows; any of them can be started at run time.</summary>
    public static IReadOnlyList<CrossbarModule> Catalog(EdgeServices services) =>
    [
        new AboutModule(services),
        new ApiAuthModule(services),
        new AccountsModule(services),
        new CallInspectorModule(services),
        new CallsModule(services),
        new SessionsModule(services),
    ];

    public static async Task<EdgeNode> StartAsync(
        ActorSystem system,
        EdgeOptions options,
        string dataDir,
        IActorRef callsDirectory,
        ILoggerFactory loggers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger<EdgeNode>();
        var persistence = PersistenceExtension.Get(system);

        var book = new AccountBook();
        var accounts = system.ActorOf(AccountsActor.Props(book), "accounts");
        // A persistent actor answers only after its recovery, so this waits until the book holds every account.
        await accounts.Ask<bool>(AccountsActor.AwaitRecovery.Instance, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);

        var store = await CallReadModelStore.OpenAsync(Path.Combine(dataDir, "read-model.db"), cancellationToken).ConfigureAwait(false);
        var projector = new CallReadModelProjector(persistence.Journal, persistence.Serializer, store, loggers.CreateLogger<CallReadModelProjector>());
        var caughtUp = await projector.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        LogCaughtUp(logger, caughtUp, projector.Offset);
        var stopping = new CancellationTokenSource();
        var projection = projector.RunAsync(TimeSpan.FromMilliseconds(100), stopping.Token);

        var services = new EdgeServices
        {
            Options = options,
            Node = system.Name,
            Version = typeof(EdgeNode).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
            Time = system.TimeProvider,
            Accounts = book,
            AccountsActor = accounts,
            Tokens = AuthTokens.FromKeyFile(Path.Combine(dataDir, "edge-token.key")),
            Calls = store,
            Projector = projector,
            CallsDirectory = callsDirectory,
            StartedAt = system.TimeProvider.GetUtcNow(),
        };
        services.Modules = new ModuleRegistry(Catalog(services), options.DrainTimeout);
        foreach (var name in options.AutoloadModules)
        {
            if (services.Modules.Start(name) == ModuleChange.Unknown)
            {
                throw new ArgumentException($"callactors.crossbar.autoload-modules: unknown module '{name}'; modules: {string.Join(", ", services.Modules.Known.Order(StringComparer.Ordinal))}");
            }
        }

        var metrics = new PrometheusMetrics();
        var app = BuildApp(services, options, loggers, metrics);
        var node = new EdgeNode(app, services, new CrossbarMaintenance(services.Modules, accounts, options.CallTimeout), stopping, projection, metrics, logger);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        node.Address = new Uri(address);
        LogListening(logger, node.Address, string.Join(", ", services.Modules.Running().Select(m => m.Name)));
        return node;
    }

    private static WebApplication BuildApp(EdgeServices services, EdgeOptions options, ILoggerFactory loggers, PrometheusMetrics metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The pipeline enforces the body limit itself, so that an oversized body gets a 413 envelope, not a reset.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port);
        });
        var app = builder.Build();
        var pipeline = new CrossbarPipeline(services, loggers.CreateLogger<CrossbarPipeline>());
        app.Run(http => http.Request.Path.Value switch
        {
            "/healthz" => HealthAsync(http, services),
            "/metrics" => MetricsAsync(http, metrics),
            "/v2/openapi.json" => OpenApiAsync(http, services),
            _ => pipeline.HandleAsync(http),
        });
        return app;
    }

    private static Task HealthAsync(HttpContext http, EdgeServices services)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync($$"""{"status":"ok","node":"{{services.Node}}"}""", http.RequestAborted);
    }

    private static Task MetricsAsync(HttpContext http, PrometheusMetrics metrics)
    {
        http.Response.ContentType = PrometheusMetrics.ContentType;
        return http.Response.WriteAsync(metrics.Render(), http.RequestAborted);
    }

    private static Task OpenApiAsync(HttpContext http, EdgeServices services)
    {
        http.Response.ContentType = "application/json";
        var document = OpenApiDocument.Build(services.Modules.Running(), services.Version, services.Node);
        return http.Response.WriteAsync(document.ToJsonString(), http.RequestAborted);
    }

    /// <summary>Stops taking requests (those in flight finish), then the projection, then closes the read model.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            await _stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                await _projection.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the projection's normal end
            }
            _stopping.Dispose();
            _metrics.Dispose();
            await Services.Calls.DisposeAsync().ConfigureAwait(false);
            LogStopped(_logger);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Calls read model caught up: {Events} events applied, journal offset {Offset}")]
    private static partial void LogCaughtUp(ILogger logger, int events, long offset);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "HTTP API on {Address}; modules: {Modules}")]
    private static partial void LogListening(ILogger logger, Uri address, string modules);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "HTTP API stopped")]
    private static partial void LogStopped(ILogger logger);
}
