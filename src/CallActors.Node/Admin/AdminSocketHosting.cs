using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallActors.Node.Admin;

/// <summary>Runs the <see cref="AdminSocketServer"/> for the lifetime of a host.</summary>
public static class AdminSocketHosting
{
    /// <summary>
    /// Registers a hosted service that starts the admin socket of <paramref name="dataDir"/> when the host starts,
    /// with the <see cref="IAdminCommands"/> from DI, and disposes it when the host stops.
    /// </summary>
    public static IServiceCollection AddAdminSocket(this IServiceCollection services, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        var socketPath = AdminSocketServer.SocketPath(dataDir);
        return services.AddHostedService(provider => new AdminSocketService(
            socketPath,
            provider.GetRequiredService<IAdminCommands>,
            provider.GetRequiredService<ILogger<AdminSocketServer>>()));
    }

    /// <summary>Resolves the commands only at start, so that they may depend on services built during startup.</summary>
    private sealed class AdminSocketService(string socketPath, Func<IAdminCommands> commands, ILogger<AdminSocketServer> logger) : IHostedService
    {
        private AdminSocketServer? _server;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _server = AdminSocketServer.Start(socketPath, commands(), logger);
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _server, null) is { } server)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
