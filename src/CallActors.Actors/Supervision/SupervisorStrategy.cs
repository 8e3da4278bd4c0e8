namespace CallActors.Actors.Supervision;

/// <summary>Decides what happens to a child that threw.</summary>
public abstract class SupervisorStrategy
{
    /// <summary>Restart on any exception, stop on initialisation failure, Kill and death pacts (Akka's default).</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stop on any exception.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>The directive for this child and failure; <paramref name="stats"/> tracks the child's retry budget.</summary>
    public abstract Directive Decide(Exception exception, ChildRestartStats stats, DateTimeOffset now);
}

/// <summary>The restart history of one child, kept by its supervisor.</summary>
public sealed class ChildRestartStats
{
    public int RetriesInWindow { get; internal set; }

    public DateTimeOffset WindowStart { get; internal set; }
}
