using Microsoft.Extensions.DependencyInjection;

namespace CallActors.Actors.Hosting;

/// <summary>
/// The fluent registration of a node on the Generic Host (Akka.Hosting's shape): plugins add
/// start-up steps that run in order when the host starts (storage before actors, actors before
/// listeners), and shutdown tasks on the system's coordinated shutdown.
/// </summary>
public sealed class CallActorsBuilder
{
    private readonly List<Func<IServiceProvider, ActorSystem, CancellationToken, Task>> _startupSteps = [];

    internal CallActorsBuilder(IServiceCollection services, string systemName)
    {
        Services = services;
        SystemName = systemName;
    }

    public IServiceCollection Services { get; }

    public string SystemName { get; private set; }

    internal Func<IServiceProvider, ActorSystemOptions, ActorSystemOptions> ConfigureOptions { get; private set; } = static (_, o) => o;

    internal IReadOnlyList<Func<IServiceProvider, ActorSystem, CancellationToken, Task>> StartupSteps => _startupSteps;

    public CallActorsBuilder WithName(string systemName)
    {
        SystemName = systemName;
        return this;
    }

    /// <summary>Adjusts the system's options (throughput, clock, phases) from the service provider.</summary>
    public CallActorsBuilder WithOptions(Func<IServiceProvider, ActorSystemOptions, ActorSystemOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = ConfigureOptions;
        ConfigureOptions = (sp, o) => configure(sp, previous(sp, o));
        return this;
    }

    /// <summary>Adds a step run at host start, after the steps added before it.</summary>
    public CallActorsBuilder WithStartupStep(Func<IServiceProvider, ActorSystem, CancellationToken, Task> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _startupSteps.Add(step);
        return this;
    }

    /// <summary>Creates top-level actors once the plugins added before this call have started.</summary>
    public CallActorsBuilder WithActors(Action<ActorSystem, ActorRegistry, IServiceProvider> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return WithStartupStep((sp, system, _) =>
        {
            create(system, sp.GetRequiredService<ActorRegistry>(), sp);
            return Task.CompletedTask;
        });
    }
}
