namespace CallActors.Actors;

/// <summary>An immutable handle to one actor incarnation: the only way to talk to an actor.</summary>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>Where the actor lives in the hierarchy, e.g. <c>/user/calls/abc</c>.</summary>
    ActorPath Path { get; }

    /// <summary>Sends a message without waiting; <paramref name="sender"/> receives replies.</summary>
    void Tell(object message, IActorRef? sender);
}
