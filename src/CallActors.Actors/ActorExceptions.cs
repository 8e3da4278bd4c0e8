namespace CallActors.Actors;

/// <summary>An actor name that is empty, malformed or already taken.</summary>
public sealed class InvalidActorNameException(string message) : Exception(message);

/// <summary>An actor's constructor or PreStart failed; the default strategy stops such an actor.</summary>
public sealed class ActorInitializationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown into an actor by <see cref="Kill"/>; the default strategy stops the actor.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>An actor watched another, did not handle its <see cref="Terminated"/>, and so fails too.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"the watched actor {deadActor.Path} terminated and the watcher did not handle Terminated")
{
    public IActorRef DeadActor { get; } = deadActor;
}

/// <summary>An Ask whose reply did not arrive in time.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);

/// <summary>A stash that is full (see <see cref="Props.WithStashCapacity"/>), or a message stashed twice.</summary>
public sealed class StashOverflowException(string message) : Exception(message);
