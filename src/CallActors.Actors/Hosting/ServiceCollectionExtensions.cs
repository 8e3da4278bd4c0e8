using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallActors.Actors.Hosting;

/// <summary><c>services.AddCallActors(b => b.With…())</c>: the actor system as a hosted service.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddCallActors(this IServiceCollection services, Action<CallActorsBuilder> configure, string systemName = "callactors")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new CallActorsBuilder(services, systemName);
        configure(builder);
        services.AddSingleton(builder);
        services.AddSingleton<ActorRegistry>();
        services.AddSingleton(sp =>
        {
            var options = new ActorSystemOptions
            {
                LoggerFactory = sp.GetService<ILoggerFactory>() ?? new ActorSystemOptions().LoggerFactory,
                TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            return ActorSystem.Create(builder.SystemName, builder.ConfigureOptions(sp, options));
        });
        services.AddHostedService<ActorSystemHostedService>();
        return services;
    }
}

/// <summary>Runs the builder's start-up steps when the host starts and coordinated shutdown when it stops.</summary>
internal sealed class ActorSystemHostedService(IServiceProvider services, CallActorsBuilder builder, ActorSystem system, IHostApplicationLifetime lifetime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var step in builder.StartupSteps)
        {
            await step(services, system, cancellationToken).ConfigureAwait(false);
        }

        // If something else ends the system (e.g. a test calls Terminate), end the host too.
        _ = system.WhenTerminated.ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        system.CoordinatedShutdown.Run(new ShutdownReason("host stopping"));
}
