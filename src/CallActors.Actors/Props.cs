using CallActors.Actors.Supervision;

namespace CallActors.Actors;

/// <summary>An immutable recipe for creating an actor (and re-creating it on restart).</summary>
public sealed record Props
{
    private Props(Func<ActorBase> factory, Type actorType)
    {
        Factory = factory;
        ActorType = actorType;
    }

    /// <summary>Creates a fresh actor instance; called on start and on every restart.</summary>
    public Func<ActorBase> Factory { get; }

    public Type ActorType { get; }

    /// <summary>Overrides the strategy the actor uses for its own children.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; init; }

    /// <summary>How many messages the actor processes before yielding its thread (0 = system default).</summary>
    public int Throughput { get; init; }

    /// <summary>Upper bound of the stash (0 = unbounded).</summary>
    public int StashCapacity { get; init; }

    public static Props Create<TActor>()
        where TActor : ActorBase, new()
        => new(static () => new TActor(), typeof(TActor));

    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, typeof(TActor));
    }

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => this with { SupervisorStrategy = strategy };

    public Props WithThroughput(int throughput) =>
        throughput >= 0 ? this with { Throughput = throughput } : throw new ArgumentOutOfRangeException(nameof(throughput));

    public Props WithStashCapacity(int capacity) =>
        capacity >= 0 ? this with { StashCapacity = capacity } : throw new ArgumentOutOfRangeException(nameof(capacity));
}
